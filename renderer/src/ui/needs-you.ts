/** What needs the agent: the query lives in data/ (../data/needs-you.ts), with every Dexie operation. */
export { liveNeedsYou, NEEDS_YOU_STATES, type NeedsYou, type NeedsYouState } from '../data/needs-you';
