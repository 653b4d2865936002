import { describe, expect, it } from 'vitest';
import {
  LOCAL_REF_PATTERN,
  checkNewComplaint,
  emptyNewComplaintForm,
  formOf,
  isLocalRef,
  linkMismatch,
  newLocalRef,
} from '../../../common/new-complaint';

const form = (patch: Partial<ReturnType<typeof emptyNewComplaintForm>> = {}) => ({
  ...emptyNewComplaintForm('reklamace'),
  customerName: 'Jana Nováková',
  description: 'Rozbitý displej',
  ...patch,
});

describe('the New complaint form (issue 16)', () => {
  it('the required fields, each refused by name', () => {
    expect(checkNewComplaint(emptyNewComplaintForm())).toEqual({
      ok: false,
      problems: { variantCode: { code: 'required' }, description: { code: 'required' }, customerName: { code: 'required' } },
    });
  });

  it('wrong formats and oversized text: a reason per field, the length named', () => {
    const r = checkNewComplaint(
      form({
        variantCode: 're klamace',
        description: 'x'.repeat(25_000),
        email: 'bad',
        phone: 'call me',
        refundCountry: 'Czechia',
        refundVariableSymbol: '12a',
        items: [
          { label: 'A', quantity: '1.5', price: 'free' },
          { label: '', quantity: '2', price: '3' },
        ],
      }),
    );
    expect(r).toEqual({
      ok: false,
      problems: {
        variantCode: { code: 'type-code' },
        description: { code: 'too-long', max: 20_000, length: 25_000 },
        email: { code: 'email' },
        phone: { code: 'phone' },
        refundCountry: { code: 'country' },
        refundVariableSymbol: { code: 'variable-symbol' },
        'items.0.quantity': { code: 'whole-number' },
        'items.0.price': { code: 'number' },
        'items.1.label': { code: 'required' },
      },
    });
  });

  it('a valid form: the description exactly as typed (emoji, spacing), empty optionals left out, Czech decimals read', () => {
    const description = '  Displej 📱💥\n\tpo týdnu  ';
    const r = checkNewComplaint(
      form({ description, refundCountry: 'cz', items: [{ label: 'Kabel', quantity: '2', price: '1 234,50' }, { label: '', quantity: '1', price: '' }] }),
    );
    expect(r).toEqual({
      ok: true,
      request: {
        variantCode: 'reklamace',
        description,
        customerName: 'Jana Nováková',
        refundCountry: 'CZ',
        items: [{ label: 'Kabel', quantity: 2, price: 1234.5 }],
      },
    });
  });

  it('item paths count the rows the agent sees (blank rows skipped by the request)', () => {
    const r = checkNewComplaint(form({ items: [{ label: '', quantity: '1', price: '' }, { label: 'X', quantity: '0', price: '1' }] }));
    expect(r).toMatchObject({ ok: false, problems: { 'items.1.quantity': { code: 'min', min: 1 } } });
  });

  it('a filed request goes back into the form unchanged', () => {
    const checked = checkNewComplaint(form({ orderNumber: 'OBJ-1', items: [{ label: 'K', quantity: '3', price: '9.5' }] }));
    if (!checked.ok) throw new Error('expected a valid form');
    expect(checkNewComplaint(formOf(checked.request))).toEqual(checked);
  });
});

describe('local references', () => {
  it('are local-… with 10 characters, random, and recognised', () => {
    const refs = new Set(Array.from({ length: 200 }, () => newLocalRef()));
    expect(refs.size).toBe(200);
    for (const ref of refs) expect(ref).toMatch(LOCAL_REF_PATTERN);
    expect(isLocalRef('local-abcdefghjk')).toBe(true);
    expect(isLocalRef('u19tor9ukid7jbpo')).toBe(false);
  });
});

describe('"It exists, its ID is …": the match', () => {
  const request = { variantCode: 'reklamace', description: 'd', customerName: 'Jana  Nováková', orderNumber: 'OBJ-1' };
  it('customer name and order number must match, case, spacing and Unicode form aside', () => {
    expect(linkMismatch(request, { exist: true, id: 'X', status: 'new', customerName: 'jana nováková', orderNumber: ' OBJ-1 ' })).toBeNull();
    expect(linkMismatch(request, { exist: true, id: 'X', status: 'new', customerName: 'Jana Nova\u0301kova\u0301', orderNumber: 'OBJ-1' })).toBeNull();
  });

  it('says what BizKitHub has when it differs; an empty order number matches only an empty one', () => {
    expect(linkMismatch(request, { exist: true, id: 'X', status: 'new', customerName: 'Petr', orderNumber: 'OBJ-2' })).toEqual([
      { field: 'customerName', server: 'Petr' },
      { field: 'orderNumber', server: 'OBJ-2' },
    ]);
    const noOrder = { ...request, orderNumber: undefined };
    expect(linkMismatch(noOrder, { exist: true, id: 'X', status: 'new', customerName: 'Jana Nováková', orderNumber: '' })).toBeNull();
    expect(linkMismatch(noOrder, { exist: true, id: 'X', status: 'new', customerName: 'Jana Nováková', orderNumber: 'OBJ-9' })).toEqual([
      { field: 'orderNumber', server: 'OBJ-9' },
    ]);
  });
});
