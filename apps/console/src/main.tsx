import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Alert, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { BrowserRouter } from 'react-router';
import { I18nProvider } from './i18n';
import { SessionProvider } from './session';
import { App } from './App';

// Darker primary shades keep text and buttons above WCAG AA contrast.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, sans-serif',
  components: { Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-dark-8)' } } }) },
});

// Descriptions and placeholders in a darker grey than Mantine's: 4.5:1 contrast at least.
// The "light" variants (badges, alerts) write in the colour's darkest shade for the same reason.
const resolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#5c636a',
    // Field errors and required marks: Mantine's red-6 is 3.3:1 on white, red-9 above 4.5:1.
    '--mantine-color-error': t.colors.red[9],
    ...Object.fromEntries(Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, shades[9]])),
  },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <Notifications position="top-right" />
      <I18nProvider>
        <SessionProvider>
          <BrowserRouter basename="/console">
            <App />
          </BrowserRouter>
        </SessionProvider>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
