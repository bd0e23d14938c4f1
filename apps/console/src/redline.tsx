import { Text } from '@mantine/core';

export interface Segment {
  kind: 'EQUAL' | 'INSERT' | 'DELETE';
  text: string;
}

/** A word-level redline: insertions underlined in green, deletions struck through in red. */
export function Redline({ segments }: { segments: readonly Segment[] }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {segments.map((s, i) =>
        s.kind === 'INSERT' ? (
          <ins key={i} style={{ background: '#d3f9d8', color: '#0b3d1a' }}>{s.text}</ins>
        ) : s.kind === 'DELETE' ? (
          <del key={i} style={{ background: '#ffe3e3', color: '#5c0a0a' }}>{s.text}</del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </Text>
  );
}
