import { hashPassword, passwordProblem, verifyPassword } from '../../src/auth/passwords';

describe('passwords', () => {
  it('stores scrypt with its parameters and a fresh salt; only the right password verifies', async () => {
    const a = await hashPassword('korrekt-hest-batteri');
    const b = await hashPassword('korrekt-hest-batteri');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(a).not.toBe(b); // a salt of its own: equal passwords do not give equal hashes
    expect(a).not.toContain('korrekt');
    expect(await verifyPassword('korrekt-hest-batteri', a)).toBe(true);
    expect(await verifyPassword('korrekt-hest-batteri', b)).toBe(true);
    expect(await verifyPassword('korrekt-hest-batterI', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats composed and decomposed æøå as the same password (NFC)', async () => {
    const h = await hashPassword('blåbærgrød-og-fløde');
    expect(await verifyPassword('blåbærgrød-og-fløde'.normalize('NFD'), h)).toBe(true);
  });

  it('refuses a stored value of another scheme or a garbled one', async () => {
    for (const stored of ['', 'md5$abc', 'scrypt$32768$8$1$$', 'plain-text-password'])
      expect(await verifyPassword('plain-text-password', stored)).toBe(false);
  });

  it('asks for 12 to 200 characters, in Danish and English', () => {
    expect(passwordProblem('kort')?.da).toBe('Adgangskoden skal være på mindst 12 tegn.');
    expect(passwordProblem('x'.repeat(201))?.en).toBe('The password must be at most 200 characters.');
    expect(passwordProblem('korrekt-hest-batteri')).toBeUndefined();
  });
});
