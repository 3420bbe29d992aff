/** Light and dark themes: a `data-theme` attribute on <html>, remembered in localStorage. */
import { useCallback, useState } from "react";

export type Theme = "light" | "dark";
const STORAGE_KEY = "fluxo.theme";

function currentTheme(): Theme {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem(STORAGE_KEY, next);
    setTheme(next);
  }, []);
  return { theme, toggle };
}
