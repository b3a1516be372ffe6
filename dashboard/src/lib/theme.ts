import { ref, watch } from 'vue';

// Light/dark theme: 'system' follows prefers-color-scheme (pure CSS); 'light'/'dark' set
// html[data-theme], which the CSS variables in styles.css honour. Remembered in localStorage.
export type ThemeChoice = 'system' | 'dark' | 'light';
const KEY = 'mstream.theme';
const ORDER: ThemeChoice[] = ['system', 'dark', 'light'];

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return ORDER.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

export const theme = ref<ThemeChoice>(read());

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}
apply(theme.value);
watch(theme, (choice) => {
  apply(choice);
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // private mode: the choice lasts for this page only
  }
});

/** Next choice in the toggle's cycle: system → dark → light → system. */
export function nextTheme(): void {
  theme.value = ORDER[(ORDER.indexOf(theme.value) + 1) % ORDER.length];
}
