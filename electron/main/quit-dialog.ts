/**
 * The words of the "unsent changes" quit dialog. Quitting never discards anything: the
 * changes stay in the local outbox and are sent on the next start.
 *
 * `locale` is the language main speaks (the agent's setting, or the OS locale: see
 * ./lifecycle.ts); any `cs*` value is Czech.
 */
import { pluralForm } from '../../common/plural';

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
    const changes = pluralForm(
      { one: 'změna nebyla odeslána', few: 'změny nebyly odeslány', other: 'změn nebylo odesláno' },
      n,
      'cs',
    );
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
    message: pluralForm({ one: '1 change has not been sent yet', other: `${n} changes have not been sent yet` }, n, 'en'),
    detail:
      'Unsent changes are kept on this computer and will be sent the next time you start the app. Nothing is discarded.',
    buttons: ['Quit', 'Stay open'],
  };
}

/** The error box when the window keeps crashing (./background.ts `crashAction` gave up). */
export function crashLoopText(locale: string): string {
  return locale.toLowerCase().startsWith('cs')
    ? 'Okno opakovaně padá. Neodeslané změny jsou v tomto počítači v bezpečí; aplikaci spusťte znovu. Podrobnosti jsou v záznamu (Nápověda → Otevřít složku se záznamem).'
    : 'The window keeps crashing. Unsent changes are safe on this computer; restart the app. Details are in the log (Help → Open log folder).';
}

/** The error box when the app could not start. */
export function startupFailedText(locale: string): string {
  return locale.toLowerCase().startsWith('cs')
    ? 'Aplikaci se nepodařilo spustit. Podrobnosti jsou v souboru se záznamem.'
    : 'The app could not start. Details are in the log file.';
}
