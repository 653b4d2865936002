/**
 * The IDs of the built-in sandbox's demo complaints (electron/sandbox/seed.ts), for the
 * empty worklist's "Add the demo complaints" in demo mode or against the built-in
 * sandbox. The renderer cannot import the sandbox (it is Node code); a unit test keeps
 * this list equal to the seed's.
 */
export const DEMO_COMPLAINT_IDS: readonly string[] = Object.freeze([
  'u19tor9ukid7jbpo',
  'x5okkmksxxknmc65',
  '4qbx6l8lkjcwcpzs',
  'k0myplcqq1y7tz22',
  '0pydb2edirceduuu',
  'sqkno7x2b32xmpfb',
  'tjt0m180m9bxpo3b',
  'irltu0tdz6r3m4h8',
  '5bkx3v9nbt813ixl',
  'dmq393jzls8hwqu5',
  'rva1uls7xqu1jksm',
  'fhyeg5rdpy6y2rqy',
  'jsp2ev6ni91g4etg',
  'h2b0w9a5jtzalyky',
  '88gmg6w5tg79oyjc',
  'vr1jiiyhnnfuf5n2',
  '2h708x7g1w5va880',
  'audrzyrofb1ohhtb',
  'kivt9pfa6ahviy57',
  'bkwora9hdkyoz7hz',
  '9v3g9qb95ho68p1g',
  'vte6ex07z2d7vyx6',
  '8edwxnh03q05b77g',
  'v84vdh4uldhvfr1n',
  '6c2419fpetnczc6r',
  'tk11tyqydnqiwe4v',
  'whlwp6dlb88i7dt6',
  'p0pslnamjndxvcwv',
  '75atxhooyq4h89r3',
  'mjm3kejqou09msl8',
]);
