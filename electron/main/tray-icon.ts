/**
 * The tray / menu-bar icon: build/icons/32x32.png as a data URL (the packed app ships
 * only dist/, so the image travels inside main.cjs). A unit test checks it still equals
 * the file; regenerate it after `npm run icons`.
 */
export const TRAY_ICON_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAABmJLR0QA/wD/AP+gvaeTAAAEBUlEQVRYheVXS2hcVRj+zsydmUxm' +
  '8ph3ojQkVUsL3VQpGEWKoKW4E7qw1onQlZZoVcRFKhgRcaFofdDqRoxNKSFCVoJSRSQm3VWoSEVKIzXNcyaTpPOIuff8v4ubuTOT' +
  'OedOyuhGfzhw75lzvv873/+4Z4D/uwnV5LEz+dStrJU2JfcLgUgzDpiR8xmYvjvqG734UnixIYHHhnMDKwX+0JLc2Yzj7WZ4RS4W' +
  'FqcuvRE5ryXw6HBmILvGXzCrlWnWhAAnOsTA98Px0ToC6XdvJ39ZKP1mWdyU5I3M8IrV+7qwb/y15AIAGOUfbmTzz5qbjePNTCgs' +
  'zUBamzXzXsOPULIPQnhc95uEzls542kA79cQ2PwLDzJRwxOU1uaxOvsr/K3tiPQdAACs3PgZZmkdXl8QLZ1dDTGsTau//OwQYMgY' +
  'mJUbOkIeDB3tQF/KwDeTa3jrHGCW8sj9cdUG3MgDAE4eCeLIIzHMLFp4e3wN60X1gYg4XkcAREKnwMChIJ44GLLJPN6Dr76NYn65' +
  'AKBoLwj7cFcyhKcO96A7EcC+ngBuLm3gk6/zagnI48TJIUBSgkmtQCzMjjjdiRB+GjmqBgacdYk2hu5AJCt+qkLAYFZvYCawJjx6' +
  'IqTHQyVRKwRIrwCxPe7EiKFVoNpPVQ7oFQCzLj9rbK1AaGv1wCPKezR4VFHAeSKWYCLlILIJuI2J6QL6X5nF6ZEVMMPeo8NjWa8A' +
  'sz5pGHBVYOraBl7/cgWS7ARj3tqjw2OFAoAEWD2YGQSgZDImLucxl5MgAATg2uwmTn2WgSUZe3f5cfpYBLR1IB0eoFJA6hWw84Mx' +
  'PpnHO2M5dEW8+PzlJPw+4PmPl1EoEbqjBs4OxhEMCNs5uSgqK9+6ShK6hWArzgf3BBBu8WAhJ3HigyWEWzxYXJVoC3pwdjCORLvX' +
  'CRW7VAFUISCSTu1uHwQGMXBPtw+fvhB3SFyfN+E3BM48F8PuLp9TrsQAbfUVJR7JegLskrVMFRX29wZwbtAmIQTwZjqKB+5tqa8M' +
  'ggueshNKl85V2wf29wYwPpTCaoGwd5dfWSGunVWVhHBJwrIC1ZaKGEhF9OVZVkBpUt2KmatiUwPGEnTH3wIJLR4Jh5lDQIAy0EhW' +
  '3JA7asXVVihZ0OEBMlN+crQIGHxZlzRjl/7EfLZod7cdjLlMEWPfzWqTMGCIqToFdqfaz6/ms0OmSdHtfGfmCIdP/oi21p1dlm8X' +
  'GV4jqPzX4TM8ud6ocfHq1nvNkgPpyfRirjTyb17Lu2KB9JWRQxecue2L7j/+wzPL6+ZHpkX/6PXcZ3hWEh2BF6+MVpwrCQDAk69O' +
  'JX+/WTxeMvkhAY4145ghskGfmN7T03ph4r2Hl5rB+m/a37Xz35TyXhzcAAAAAElFTkSuQmCC';
