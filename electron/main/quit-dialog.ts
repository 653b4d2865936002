/**
 * The words of the "unsent changes" quit dialog. Quitting never discards anything: the
 * changes stay in the local outbox and are sent on the next start.
 */
export interface QuitDialogText {
  title: string;
  message: string;
  detail: string;
  /** buttons[0] quits, buttons[1] stays (the default and the cancel button). */
  buttons: [quit: string, stay: string];
}

export function quitDialogText(pending: number, locale: string): QuitDialogText {
  const n = Math.max(0, Math.floor(pending));
  if (locale.toLowerCase().startsWith('cs')) {
    const changes = n === 1 ? 'změna nebyla odeslána' : n >= 2 && n <= 4 ? 'změny nebyly odeslány' : 'změn nebylo odesláno';
    return {
      title: 'BizKitHub Complaints Desk',
      message: `${n} ${changes}`,
      detail:
        'Neodeslané změny zůstanou uložené v tomto počítači a odešlou se při příštím spuštění aplikace. Nic se neztratí.',
      buttons: ['Ukončit', 'Zůstat otevřené'],
    };
  }
  return {
    title: 'BizKitHub Complaints Desk',
    message: n === 1 ? '1 change has not been sent yet' : `${n} changes have not been sent yet`,
    detail:
      'Unsent changes are kept on this computer and will be sent the next time you start the app. Nothing is discarded.',
    buttons: ['Quit', 'Stay open'],
  };
}
