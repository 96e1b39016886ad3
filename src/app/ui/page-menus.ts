/**
 * The two things a narrow screen folds away: the header's actions (behind "Menu") and the controls
 * (a bottom sheet behind "Controls"). On a wide screen the buttons are not shown and both stay open;
 * the style sheet decides which, so this only keeps `aria-expanded` and the open state in step.
 */
export function mountPageMenus(): void {
  const pairs: [string, string][] = [
    ["header-menu-button", "header-actions"],
    ["controls-toggle", "controls"],
  ];
  for (const [buttonId, targetId] of pairs) {
    const button = document.getElementById(buttonId);
    const target = document.getElementById(targetId);
    if (!button || !target) continue;
    const set = (open: boolean) => {
      button.setAttribute("aria-expanded", String(open));
      target.classList.toggle("is-open", open);
    };
    button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
    target.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      set(false);
      button.focus();
    });
    // An action chosen from the menu closes it (a dialog it opens should not sit under the menu).
    if (targetId === "header-actions")
      target.addEventListener("click", (e) => {
        if ((e.target as HTMLElement).closest("button")) set(false);
      });
  }
}
