/**
 * Demo data: complaints of a fictional Czech e-shop. Fully deterministic (fixed IDs and
 * dates, no clock, no randomness), because tests and screenshots depend on it.
 * The first complaint is `new` so tests and demos can open it and walk it forward.
 */
import type { ComplaintStatus } from '../../common/status';
import {
  VARIANTS,
  recordStatusChange,
  type SandboxComplaint,
  type VariantCode,
} from './timeline';

/** [status, hours after the previous event, message]. */
type Step = readonly [ComplaintStatus, number, string?];

interface SeedSpec {
  id: string;
  order: string;
  variant: VariantCode;
  customer: readonly [name: string, email: string, phone: string];
  description: string;
  items: readonly (readonly [label: string, quantity: number, price: number])[];
  /** Bank account for a refund; the variable symbol is the order number's digits. */
  refund?: string;
  satisfaction?: readonly [score: number, message: string];
  filed: string;
  /** Changes after the first (`new`) event; the last one is the current status. */
  steps?: readonly Step[];
}

const SPECS: readonly SeedSpec[] = [
  {
    id: 'u19tor9ukid7jbpo',
    order: '2026-001234',
    variant: 'reklamace',
    customer: ['Jana Nováková', 'jana.novakova@seznam.cz', '+420 602 123 456'],
    description:
      'Pravé sluchátko po třech týdnech přestalo hrát, levé funguje. Aktivní potlačení hluku při tom vydává praskavý zvuk.',
    items: [['Bezdrátová sluchátka Sony WH-1000XM5', 1, 8990]],
    filed: '2026-03-02T08:14:00.000Z',
  },
  {
    id: 'x5okkmksxxknmc65',
    order: '2026-001187',
    variant: 'reklamace',
    customer: ['Petr Dvořák', 'petr.dvorak@email.cz', '+420 731 456 789'],
    description:
      'Robotický vysavač se po několika minutách zastaví a hlásí chybu hlavního kartáče, i když je kartáč čistý.',
    items: [['Robotický vysavač Roborock S8', 1, 14990]],
    filed: '2026-02-24T13:40:00.000Z',
    steps: [['open', 20, 'Zboží dorazilo do servisu, technik zahájil diagnostiku.']],
  },
  {
    id: '4qbx6l8lkjcwcpzs',
    order: '2026-001102',
    variant: 'vraceni',
    customer: ['Lucie Černá', 'lucie.cerna@gmail.com', '+420 777 234 567'],
    description:
      'Vracím kávovar v zákonné lhůtě 14 dnů, nevyhovuje mi velikost. Balení je kompletní, přístroj byl použit jen jednou.',
    items: [['Automatický kávovar De\u2019Longhi Magnifica S', 1, 9490]],
    refund: '123456789/0800',
    filed: '2026-02-20T10:05:00.000Z',
    steps: [
      ['open', 26, 'Zásilka převzata skladem, kontrolujeme kompletnost.'],
      ['wait', 5, 'Chybí odměrka na kávu uvedená v seznamu příslušenství. Prosíme o její zaslání.'],
    ],
  },
  {
    id: 'k0myplcqq1y7tz22',
    order: '2026-000981',
    variant: 'reklamace',
    customer: ['Tomáš Procházka', 'tomas.prochazka@centrum.cz', '+420 608 987 654'],
    description:
      'Displej telefonu po aktualizaci občas bliká zeleně a přestává reagovat na dotyk v horní části.',
    items: [['Mobilní telefon Samsung Galaxy A55 5G 128 GB', 1, 9990]],
    satisfaction: [5, 'Rychlé vyřízení, výměna displeje proběhla bez problémů. Děkuji.'],
    filed: '2026-02-09T09:30:00.000Z',
    steps: [
      ['open', 22, 'Telefon předán autorizovanému servisu Samsung.'],
      ['wait', 48, 'Servis čeká na dodání náhradního displeje.'],
      ['open', 96, 'Náhradní díl dorazil, oprava probíhá.'],
      ['resolve', 30, 'Displej vyměněn v rámci záruky, telefon odeslán zpět zákazníkovi.'],
    ],
  },
  {
    id: '0pydb2edirceduuu',
    order: '2026-000944',
    variant: 'reklamace',
    customer: ['Kateřina Svobodová', 'katerina.svobodova@seznam.cz', '+420 724 111 222'],
    description:
      'Podrážka běžecké boty se odlepuje u špičky po zhruba 150 naběhaných kilometrech.',
    items: [['Pánské běžecké boty Nike Pegasus 41, vel. 44', 1, 3290]],
    filed: '2026-02-05T16:20:00.000Z',
    steps: [
      ['open', 18, 'Boty předány k posouzení externímu znalci.'],
      [
        'reject',
        120,
        'Posudek: opotřebení odpovídá nadměrnému používání mimo zpevněný povrch, nejde o výrobní vadu.',
      ],
    ],
  },
  {
    id: 'sqkno7x2b32xmpfb',
    order: '2026-000870',
    variant: 'vymena',
    customer: ['Jiří Kučera', 'jiri.kucera@email.cz', '+420 605 333 444'],
    description: 'Objednal jsem bundu ve velikosti M, je malá. Prosím o výměnu za velikost L.',
    items: [['Dámská zimní bunda Husky Norel, vel. M', 1, 4490]],
    satisfaction: [4, 'Výměna v pořádku, jen doprava trvala déle.'],
    filed: '2026-01-27T11:00:00.000Z',
    steps: [
      ['open', 24, 'Původní kus převzat, velikost L rezervována.'],
      ['resolve', 30, 'Bunda ve velikosti L odeslána.'],
      ['closed', 72, 'Zákazník převzal zásilku, případ uzavřen.'],
    ],
  },
  {
    id: 'tjt0m180m9bxpo3b',
    order: '2026-001251',
    variant: 'vraceni',
    customer: ['Markéta Veselá', 'marketa.vesela@gmail.com', '+420 736 555 666'],
    description:
      'Odstupuji od smlouvy, hodinky jsem dostala jako dárek dvakrát. Zboží je nerozbalené.',
    items: [['Chytré hodinky Garmin Forerunner 265', 1, 10990]],
    refund: '2001234567/2010',
    filed: '2026-03-03T07:45:00.000Z',
  },
  {
    id: 'irltu0tdz6r3m4h8',
    order: '2026-001199',
    variant: 'reklamace',
    customer: ['Ondřej Horák', 'ondrej.horak@volny.cz', '+420 603 777 888'],
    description:
      'Notebook se při zátěži vypíná a ventilátor je velmi hlučný. Problém nastal po dvou měsících používání.',
    items: [['Notebook Lenovo IdeaPad Slim 5 14"', 1, 18990]],
    filed: '2026-02-25T14:10:00.000Z',
    steps: [['open', 19, 'Notebook předán servisnímu středisku Lenovo.']],
  },
  {
    id: '5bkx3v9nbt813ixl',
    order: '2026-001045',
    variant: 'reklamace',
    customer: ['Zuzana Němcová', 'zuzana.nemcova@seznam.cz', '+420 721 999 000'],
    description: 'Kuchyňský robot hlučně drnčí při vyšších otáčkách, míchací metla se zasekává.',
    items: [['Kuchyňský robot Bosch MUM5', 1, 7990]],
    filed: '2026-02-14T12:00:00.000Z',
    steps: [
      ['open', 28, 'Přijato do servisu.'],
      ['wait', 50, 'Prosíme o doložení dokladu o koupi, v systému jej nemůžeme dohledat.'],
    ],
  },
  {
    id: 'dmq393jzls8hwqu5',
    order: '2026-000912',
    variant: 'vraceni',
    customer: ['Lukáš Marek', 'lukas.marek@email.cz', '+420 604 246 810'],
    description: 'Vracím monitor, nesedí mi barevné podání. Vráceno v originálním balení.',
    items: [['Monitor Dell 27" S2725H', 1, 4990]],
    refund: '19-2000145399/0800',
    satisfaction: [5, 'Peníze přišly do tří dnů, super.'],
    filed: '2026-02-02T08:50:00.000Z',
    steps: [
      ['open', 30, 'Zásilka přijata na sklad.'],
      ['resolve', 20, 'Částka 4 990 Kč odeslána na účet zákazníka.'],
    ],
  },
  {
    id: 'rva1uls7xqu1jksm',
    order: '2026-000899',
    variant: 'reklamace',
    customer: ['Eva Pokorná', 'eva.pokorna@centrum.cz', '+420 739 135 791'],
    description:
      'Elektrický zubní kartáček nedrží nabití, po jednom dni je baterie vybitá.',
    items: [['Elektrický zubní kartáček Oral-B iO 6', 1, 2990]],
    filed: '2026-01-30T15:25:00.000Z',
    steps: [
      ['open', 20, 'Kartáček předán k testu baterie.'],
      ['wait', 40, 'Čekáme na vyjádření výrobce.'],
      ['open', 70, 'Výrobce se vyjádřil, pokračujeme v posouzení.'],
      ['reject', 8, 'Na kartáčku zjištěno mechanické poškození nabíjecí části pádem, nelze uznat.'],
    ],
  },
  {
    id: 'fhyeg5rdpy6y2rqy',
    order: '2026-001260',
    variant: 'vymena',
    customer: ['Martin Pospíšil', 'martin.pospisil@gmail.com', '+420 607 864 209'],
    description:
      'Herní myš má po vybalení nefunkční pravé tlačítko. Prosím o výměnu za nový kus.',
    items: [['Herní myš Logitech G502 X', 1, 1490]],
    filed: '2026-03-03T18:02:00.000Z',
  },
  {
    id: 'jsp2ev6ni91g4etg',
    order: '2026-001213',
    variant: 'reklamace',
    customer: ['Veronika Hájková', 'veronika.hajkova@seznam.cz', '+420 720 468 024'],
    description: 'Tablet se nenabíjí přes originální kabel, port USB-C je uvolněný.',
    items: [
      ['Tablet Apple iPad 10,9" Wi-Fi 64 GB', 1, 9990],
      ['Ochranné pouzdro na tablet', 1, 690],
    ],
    filed: '2026-02-26T09:12:00.000Z',
    steps: [['open', 25, 'Předáno do autorizovaného servisu Apple.']],
  },
  {
    id: 'h2b0w9a5jtzalyky',
    order: '2026-001120',
    variant: 'vraceni',
    customer: ['Jakub Král', 'jakub.kral@email.cz', '+420 732 159 357'],
    description: 'Stavebnice byla objednána omylem dvakrát, jednu vracím nerozbalenou.',
    items: [['LEGO Technic 42151 Bugatti Bolide', 1, 1299]],
    refund: '1234567019/3030',
    filed: '2026-02-21T10:30:00.000Z',
    steps: [
      ['open', 24, 'Zásilka přijata.'],
      ['wait', 6, 'Zásilka zatím nedorazila do skladu, čekáme na doručení od dopravce.'],
    ],
  },
  {
    id: '88gmg6w5tg79oyjc',
    order: '2026-000955',
    variant: 'reklamace',
    customer: ['Tereza Jelínková', 'tereza.jelinkova@gmail.com', '+420 776 852 741'],
    description: 'Fritéza po zapnutí vyhodí jistič. Používáno podle návodu.',
    items: [['Horkovzdušná fritéza Philips Airfryer XXL HD9650', 1, 6490]],
    satisfaction: [4, 'Dostala jsem novou fritézu, spokojenost.'],
    filed: '2026-02-06T13:15:00.000Z',
    steps: [
      ['open', 21, 'Přístroj předán k revizi.'],
      ['resolve', 96, 'Zjištěna vada topného tělesa, zákazníkovi odeslán nový kus.'],
    ],
  },
  {
    id: 'vr1jiiyhnnfuf5n2',
    order: '2026-000861',
    variant: 'vraceni',
    customer: ['David Růžička', 'david.ruzicka@volny.cz', '+420 605 741 963'],
    description: 'Vracím powerbanku a kabely, nejsou kompatibilní s mým notebookem.',
    items: [
      ['Powerbanka Anker 737 24 000 mAh', 1, 2490],
      ['Kabel USB-C na USB-C 2 m', 3, 199],
    ],
    refund: '2400123456/2010',
    satisfaction: [3, 'Vrácení proběhlo, ale trvalo skoro tři týdny.'],
    filed: '2026-01-26T08:00:00.000Z',
    steps: [
      ['open', 48, 'Zásilka převzata.'],
      ['wait', 24, 'Kabely chybí v zásilce, ověřujeme u dopravce.'],
      ['resolve', 200, 'Dopravce dohledal chybějící balík, celá částka 3 087 Kč vrácena.'],
      ['closed', 100, 'Případ uzavřen.'],
    ],
  },
  {
    id: '2h708x7g1w5va880',
    order: '2026-001222',
    variant: 'reklamace',
    customer: ['Barbora Benešová', 'barbora.benesova@seznam.cz', '+420 728 369 147'],
    description:
      'Na matraci se po dvou měsících vytvořila prohlubeň hluboká asi 4 cm v místě spaní.',
    items: [['Matrace Tempur Original 90×200', 1, 24990]],
    filed: '2026-02-27T11:40:00.000Z',
    steps: [['open', 30, 'Objednána návštěva technika u zákazníka.']],
  },
  {
    id: 'audrzyrofb1ohhtb',
    order: '2026-001266',
    variant: 'reklamace',
    customer: ['Michal Fiala', 'michal.fiala@email.cz', '+420 602 951 753'],
    description:
      'Čistička vzduchu hlásí chybu filtru i po jeho výměně za originální náhradní filtr.',
    items: [['Čistička vzduchu Xiaomi Smart Air Purifier 4', 1, 3990]],
    filed: '2026-03-04T06:55:00.000Z',
  },
  {
    id: 'kivt9pfa6ahviy57',
    order: '2026-001150',
    variant: 'reklamace',
    customer: ['Hana Sedláčková', 'hana.sedlackova@centrum.cz', '+420 739 258 036'],
    description:
      'Koloběžka po nabití ujede jen asi 8 km místo uváděných 35 km, displej ukazuje chybu E21.',
    items: [['Elektrická koloběžka Xiaomi Electric Scooter 4', 1, 11490]],
    filed: '2026-02-23T16:05:00.000Z',
    steps: [
      ['open', 20, 'Koloběžka svezena do servisu.'],
      ['wait', 30, 'Čekáme na náhradní baterii od výrobce.'],
      ['open', 150, 'Baterie dodána, montáž probíhá.'],
    ],
  },
  {
    id: 'bkwora9hdkyoz7hz',
    order: '2026-001071',
    variant: 'vymena',
    customer: ['Radek Doležal', 'radek.dolezal@gmail.com', '+420 733 147 258'],
    description: 'Sada hrnců dorazila s prasklou skleněnou poklicí. Žádám o výměnu celé sady.',
    items: [['Sada nádobí Tescoma Home Profi, 8 ks', 1, 2490]],
    filed: '2026-02-16T09:00:00.000Z',
    steps: [
      ['open', 18, 'Posuzujeme fotodokumentaci poškození.'],
      ['wait', 10, 'Prosíme o zaslání fotografie přepravního obalu.'],
    ],
  },
  {
    id: '9v3g9qb95ho68p1g',
    order: '2026-001008',
    variant: 'reklamace',
    customer: ['Alena Zemanová', 'alena.zemanova@seznam.cz', '+420 608 369 258'],
    description: 'Kočárek má vadné brzdy, při zabrzdění se zadní kolo stále protáčí.',
    items: [['Sportovní kočárek Thule Urban Glide 3', 1, 16990]],
    refund: '35-1234567890/0100',
    satisfaction: [5, 'Vrácení peněz bez dohadů, děkuji za vstřícnost.'],
    filed: '2026-02-11T10:20:00.000Z',
    steps: [
      ['open', 22, 'Kočárek převzat k posouzení.'],
      ['wait', 26, 'Čekáme na stanovisko výrobce k opakované vadě.'],
      ['open', 80, 'Výrobce uznal vadu.'],
      ['resolve', 12, 'Oprava není možná, zákazníkovi vrácena kupní cena 16 990 Kč.'],
    ],
  },
  {
    id: 'vte6ex07z2d7vyx6',
    order: '2026-000930',
    variant: 'vraceni',
    customer: ['Filip Kolář', 'filip.kolar@email.cz', '+420 775 963 852'],
    description: 'Vracím fotoaparát po 20 dnech od převzetí, rozmyslel jsem si to.',
    items: [['Fotoaparát Canon EOS R50 + RF-S 18–45 mm', 1, 21990]],
    refund: '1018765432/5500',
    filed: '2026-02-03T14:00:00.000Z',
    steps: [['reject', 26, 'Lhůta 14 dnů pro odstoupení od smlouvy uplynula, vrácení nelze přijmout.']],
  },
  {
    id: '8edwxnh03q05b77g',
    order: '2026-000888',
    variant: 'reklamace',
    customer: ['Monika Navrátilová', 'monika.navratilova@gmail.com', '+420 721 741 852'],
    description: 'Lampa po měsíci nereaguje na aplikaci a nelze ji znovu spárovat.',
    items: [['Stolní LED lampa Philips Hue Go', 1, 2290]],
    satisfaction: [2, 'Výměna trvala příliš dlouho.'],
    filed: '2026-01-28T12:30:00.000Z',
    steps: [
      ['open', 30, 'Lampa předána k testům.'],
      ['resolve', 240, 'Lampa vyměněna za nový kus.'],
      ['closed', 48, 'Případ uzavřen po doručení.'],
    ],
  },
  {
    id: 'v84vdh4uldhvfr1n',
    order: '2026-001270',
    variant: 'vraceni',
    customer: ['Vojtěch Čermák', 'vojtech.cermak@volny.cz', '+420 604 852 963'],
    description: 'Batoh je menší, než jsem čekal. Vracím nepoužitý se všemi visačkami.',
    items: [['Sportovní batoh Osprey Talon 22', 1, 2790]],
    refund: '670100-2209225698/6210',
    filed: '2026-03-04T09:10:00.000Z',
  },
  {
    id: '6c2419fpetnczc6r',
    order: '2026-001175',
    variant: 'reklamace',
    customer: ['Klára Vaněčková', 'klara.vaneckova@seznam.cz', '+420 737 258 147'],
    description: 'Hořák grilu nezapaluje, zapalovač jiskří, ale plyn se nevznítí.',
    items: [['Plynový gril Weber Spirit E-325', 1, 19990]],
    filed: '2026-02-24T08:25:00.000Z',
    steps: [['open', 27, 'Domluvena návštěva servisního technika.']],
  },
  {
    id: 'tk11tyqydnqiwe4v',
    order: '2026-000975',
    variant: 'reklamace',
    customer: ['Štěpán Urban', 'stepan.urban@email.cz', '+420 606 159 486'],
    description: 'Vrtačka se při vyšších otáčkách přehřívá a z motoru jde zápach.',
    items: [
      ['Aku vrtačka Makita DDF485', 1, 4590],
      ['Akumulátor Makita BL1850B 5 Ah', 2, 1890],
    ],
    satisfaction: [5, 'Výborná komunikace.'],
    filed: '2026-02-08T07:35:00.000Z',
    steps: [
      ['open', 20, 'Vrtačka přijata do servisu Makita.'],
      ['resolve', 110, 'Vyměněn motor v rámci záruky.'],
    ],
  },
  {
    id: 'whlwp6dlb88i7dt6',
    order: '2026-000921',
    variant: 'vymena',
    customer: ['Ivana Blažková', 'ivana.blazkova@gmail.com', '+420 722 357 159'],
    description: 'Chůvička ztrácí signál už na vzdálenost pěti metrů, prosím o výměnu.',
    items: [['Video chůvička Motorola VM483', 1, 2190]],
    filed: '2026-02-02T17:45:00.000Z',
    steps: [
      ['open', 15, 'Chůvička převzata k testu dosahu.'],
      ['reject', 60, 'Test dosahu v pořádku (45 m), rušení způsobuje Wi-Fi router zákazníka.'],
    ],
  },
  {
    id: 'p0pslnamjndxvcwv',
    order: '2026-000843',
    variant: 'vraceni',
    customer: ['Adam Kříž', 'adam.kriz@centrum.cz', '+420 608 456 123'],
    description: 'Vracím termosky, objednány ve špatné barvě.',
    items: [['Termoska Stanley Classic 1 l', 2, 1190]],
    refund: '123456789/0800',
    filed: '2026-01-23T10:00:00.000Z',
    steps: [
      ['open', 40, 'Zásilka přijata.'],
      ['reject', 20, 'Termosky vykazují známky používání, vrácení v plné výši nelze přijmout.'],
      ['closed', 160, 'Zákazník souhlasil s vrácením zboží zpět, případ uzavřen.'],
    ],
  },
  {
    id: '75atxhooyq4h89r3',
    order: '2026-001275',
    variant: 'reklamace',
    customer: ['Simona Kopecká', 'simona.kopecka@seznam.cz', '+420 731 654 987'],
    description:
      'Žehlička vytéká i při nižší teplotě a na prádle zůstávají hnědé skvrny od vodního kamene.',
    items: [['Napařovací žehlička Tefal FV6872', 1, 1790]],
    filed: '2026-03-05T11:20:00.000Z',
  },
  {
    id: 'mjm3kejqou09msl8',
    order: '2026-000802',
    variant: 'reklamace',
    customer: ['Roman Šimek', 'roman.simek@email.cz', '+420 725 963 741'],
    description: 'Klávesnice ze sady přestala reagovat na klávesy Q, W a E.',
    items: [['Set klávesnice a myši Logitech MK295', 1, 899]],
    satisfaction: [4, 'Vše v pořádku.'],
    filed: '2026-01-19T13:00:00.000Z',
    steps: [
      ['open', 24, 'Přijato k posouzení.'],
      ['resolve', 48, 'Sada vyměněna za nový kus.'],
      ['closed', 96, 'Uzavřeno.'],
    ],
  },
];

export const SEED_COMPLAINT_IDS: readonly string[] = Object.freeze(SPECS.map((spec) => spec.id));

const FIRST_EVENT_ID = 40_001;
const FIRST_ITEM_ID = 70_001;
const HOUR_MS = 3_600_000;

function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
}

/** Builds a fresh copy of the demo complaints each time (the store mutates what it holds). */
export function buildSeedComplaints(): SandboxComplaint[] {
  let eventId = FIRST_EVENT_ID;
  let itemId = FIRST_ITEM_ID;
  return SPECS.map((spec) => {
    const variant = VARIANTS[spec.variant];
    const [customerName, email, phone] = spec.customer;
    const complaint: SandboxComplaint = {
      id: spec.id,
      orderNumber: spec.order,
      variant: { ...variant },
      status: 'new',
      isResolved: false,
      resolvedDate: null,
      description: spec.description,
      customerName,
      email,
      phone,
      satisfaction: spec.satisfaction
        ? { score: spec.satisfaction[0], message: spec.satisfaction[1] }
        : null,
      items: spec.items.map(([label, quantity, price]) => ({ id: itemId++, label, quantity, price })),
      events: [],
      currency: 'CZK',
      createdDate: spec.filed,
    };
    if (spec.refund) {
      complaint.refund = {
        country: 'CZ',
        bankAccount: spec.refund,
        variableSymbol: spec.order.replace(/\D/g, ''),
      };
    }
    recordStatusChange(complaint, {
      eventId: eventId++,
      status: 'new',
      date: spec.filed,
      source: 'seed',
      subject: `${variant.label}: požadavek přijat`,
      message: 'Požadavek byl přijat přes e-shop a čeká na posouzení.',
    });
    let date = spec.filed;
    for (const [status, hours, message] of spec.steps ?? []) {
      date = addHours(date, hours);
      recordStatusChange(complaint, { eventId: eventId++, status, date, source: 'seed', message });
    }
    return complaint;
  });
}
