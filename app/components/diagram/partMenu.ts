/** Opening a part's action menu, shared by the diagram and the Links list. */
import { closeMenu, openMenu, playground } from '../../store';

/** Opens a part's menu (selecting it), or closes the menu when it is already open. */
export function togglePartMenu(id: string): void {
  if (playground.getState().ui.menuFor === id) closeMenu();
  else openMenu(id);
}
