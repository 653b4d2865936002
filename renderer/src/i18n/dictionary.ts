import type { MessageKey } from './en';
import type { Message } from './types';

/** Every language defines every key the English dictionary defines. */
export type Dictionary = { readonly [K in MessageKey]: Message };
