/**
 * English strings of filing a complaint in the app, kept beside the main
 * dictionary (./en.ts spreads them in). CONTRACT strings: "New complaint", "Customer
 * name", "Description", "Type", "Save complaint", "Not yet on BizKitHub".
 */
import type { Message } from './types';

export const enNewComplaint = {
  'newComplaint.open': 'New complaint', // CONTRACT
  'newComplaint.title': 'New complaint',
  'newComplaint.intro':
    'Saved on this computer at once, then sent to BizKitHub when the connection allows. Fields marked * are required.',
  'newComplaint.type': 'Type', // CONTRACT
  'newComplaint.typeHint': 'Your organisation’s type code, e.g. reklamace. Pick one or type another.',
  'newComplaint.description': 'Description', // CONTRACT
  'newComplaint.descriptionCount': '{length} of {max} characters',
  'newComplaint.customer': 'Customer',
  'newComplaint.customerName': 'Customer name', // CONTRACT
  'newComplaint.email': 'Email',
  'newComplaint.phone': 'Phone',
  'newComplaint.order': 'Order',
  'newComplaint.orderNumber': 'Order number',
  'newComplaint.items': 'Complained items',
  'newComplaint.noItems': 'No items. Add the items the customer complains about, if you know them.',
  'newComplaint.itemLabel': 'Item {n}',
  'newComplaint.itemQuantity': 'Quantity of item {n}',
  'newComplaint.itemPrice': 'Price of item {n}',
  'newComplaint.itemName': 'Item',
  'newComplaint.quantity': 'Quantity',
  'newComplaint.price': 'Unit price',
  'newComplaint.addItem': 'Add item',
  'newComplaint.removeItem': 'Remove item {n}',
  'newComplaint.refund': 'Refund',
  'newComplaint.refundCountry': 'Refund country',
  'newComplaint.refundCountryHint': 'Two letters, e.g. CZ.',
  'newComplaint.bankAccount': 'Bank account',
  'newComplaint.variableSymbol': 'Variable symbol',
  'newComplaint.save': 'Save complaint', // CONTRACT
  'newComplaint.cancel': 'Cancel',
  'newComplaint.discardDraftTitle': 'Throw away what you typed?',
  'newComplaint.discardDraftBody': 'The complaint is not saved yet. What you typed is kept on this computer until you save it or throw it away.',
  'newComplaint.discardDraft': 'Throw away',
  'newComplaint.fixFields': {
    one: 'Check the field marked below. Nothing you typed was lost.',
    other: 'Check the {count} fields marked below. Nothing you typed was lost.',
  },
  'newComplaint.saved': 'Saved on this computer. It is sent to BizKitHub when the connection allows.',
  'newComplaint.saveFailed': 'Could not save: {detail}. Nothing you typed was lost; try again.',

  'newComplaint.problem.required': 'Required.',
  'newComplaint.problem.too-long': 'At most {max} characters; this has {length}.',
  'newComplaint.problem.type-code': 'Letters, digits, - and _ only, e.g. reklamace.',
  'newComplaint.problem.email': 'Not an email address (name@example.com).',
  'newComplaint.problem.phone': 'Digits, spaces and + ( ) / - only, 3 to 32 of them.',
  'newComplaint.problem.country': 'Two letters, e.g. CZ.',
  'newComplaint.problem.variable-symbol': 'Up to 10 digits.',
  'newComplaint.problem.number': 'A number, e.g. 249,90.',
  'newComplaint.problem.whole-number': 'A whole number.',
  'newComplaint.problem.min': 'At least {min}.',
  'newComplaint.problem.max': 'At most {max}.',
  'newComplaint.problem.too-many': 'At most {max} items.',
  'newComplaint.problem.invalid': 'Not valid.',

  'newComplaint.notOnServer': 'Not yet on BizKitHub', // CONTRACT
  'newComplaint.rowTitle': 'New complaint for {customer}',
  'newComplaint.localRef': 'Local reference {ref}',
  'newComplaint.queued': 'Saved on this computer. It is sent to BizKitHub when the connection allows; status changes you make meanwhile are sent after it.',
  'newComplaint.waitsElsewhere': 'Saved on this computer. It waits for the API it was filed for.',
  'newComplaint.sending': 'Being sent to BizKitHub…',
  'newComplaint.retrying': 'Not sent yet: {error}',
  'newComplaint.failed': 'BizKitHub refused this complaint: {error}',
  'newComplaint.uncertain': 'Needs check: may already exist on BizKitHub',
  'newComplaint.uncertainExplain':
    'It was sent, but the answer was lost ({error}). BizKitHub may have created it. The app never sends it again by itself, so it cannot be created twice. Look for it in BizKitHub by the details below, then choose.',
  'newComplaint.identifies': 'What identifies it',
  'newComplaint.filedAt': 'Filed',
  'newComplaint.existsId': 'It exists, its ID is',
  'newComplaint.link': 'Link',
  'newComplaint.linking': 'Checking…',
  'newComplaint.createAgain': 'Create it again',
  'newComplaint.createAgainHint': 'Only if you checked that BizKitHub does not have it.',
  'newComplaint.linked': 'Linked to complaint {id}. Changes made meanwhile are sent next.',
  'newComplaint.createdAgain': 'It will be sent again.',
  'newComplaint.linkBadId': 'A complaint ID is 1–64 letters, digits, - or _.',
  'newComplaint.linkNotFound': 'BizKitHub has no complaint {id}.',
  'newComplaint.linkMismatch': 'Complaint {id} is another complaint: {fields}. Nothing was linked.',
  'newComplaint.mismatch.customerName': 'its customer is “{value}”',
  'newComplaint.mismatch.orderNumber': 'its order number is “{value}”',
  'newComplaint.mismatchEmpty': '(none)',
  'newComplaint.linkFailed': 'Could not check it: {error}',
  'newComplaint.actionFailed': 'Not possible now: {detail}',
  'newComplaint.retry': 'Send again',
  'newComplaint.discard': 'Discard this complaint',
  'newComplaint.discardConfirm':
    'Discard the new complaint for {customer}? It is removed from this computer with the status changes made on it. Nothing more is sent.',
  'newComplaint.discarded': 'The new complaint was discarded.',
  'newComplaint.created': 'Complaint {id} created on BizKitHub.',

  'newComplaint.lost.answer': 'the connection dropped before BizKitHub answered',
  'newComplaint.lost.server': 'BizKitHub answered with a server error',
  'newComplaint.lost.noId': 'BizKitHub’s answer named no complaint ID',
  'newComplaint.lost.restart': 'the app was closed while it was being sent',
  'newComplaint.editTitle': 'Correct the new complaint',
  'newComplaint.editIntro': 'Correct what BizKitHub refused (or anything else), then save: it is sent again. Status changes made on it stay queued behind it.',
  'newComplaint.cannotEdit': 'This complaint can no longer be corrected here: it is being sent, may already exist on BizKitHub, or was created.',
  'newComplaint.corrected': 'Corrected. It is sent to BizKitHub again.',
  'newComplaint.edit': 'Correct and send again',
  'worklist.needsUncertain': 'Needs you: may already exist on BizKitHub',
  'newComplaint.pendingChange': 'New complaint: {customer}',
  'newComplaint.decide': 'Decide',

  'state.uncertain': 'May already exist',
  'history.linked': 'Linked to an existing complaint',

  'attention.uncertain': {
    one: 'A new complaint needs checking',
    other: '{count} new complaints need checking',
  },
  'attention.uncertainBody': {
    one: 'The answer to sending it was lost: it may already exist on BizKitHub. Open it to link it or create it again.',
    other: 'The answers to sending them were lost: they may already exist on BizKitHub. Open each to link it or create it again.',
  },

  'settings.types': 'Complaint types',
  'settings.typesHint': 'Offered under New complaint, one code per line. Codes seen in downloaded complaints are offered too.',
  'settings.typesInvalid': 'Letters, digits, - and _ only, at most 64 each: {codes}',
  'settings.typesSave': 'Save types',
  'settings.typesSaved': 'Complaint types saved.',
} as const satisfies Record<string, Message>;
