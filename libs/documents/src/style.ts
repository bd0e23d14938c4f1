/** Sizes, colours and margins shared by every document of the platform. */
export const PDF_STYLE = {
  size: 'A4',
  margins: { top: 72, bottom: 72, left: 64, right: 64 },
  fontSize: { title: 20, subtitle: 12, heading: 11.5, body: 10, small: 8, tiny: 7 },
  color: { text: '#111111', muted: '#555555', rule: '#999999', accent: '#1f3b6e', watermark: '#c0392b' },
  paragraphGap: 6,
  listIndent: 14,
} as const;
