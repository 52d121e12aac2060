// Django 3.2's EmailValidator (django/core/validators.py), which DRF's EmailField runs on the trimmed text.
import { isIPv4, isIPv6 } from 'node:net';
import { pythonIdnaEncode } from './idna2003.js';
import { pythonLength } from './python-text.js';

// Python's re.IGNORECASE on str patterns folds case the Unicode way; the `iu` flags do the same here.
const userPattern =
  // eslint-disable-next-line no-control-regex -- the quoted-string form allows control characters, as Django does
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/iu;
const domainPattern = /^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+[A-Z0-9-]{2,63}(?<!-)$/iu;
const literalPattern = /^\[([A-f0-9:.]+)\]$/iu;

function validDomainPart(domain: string): boolean {
  if (domainPattern.test(domain)) return true;
  const literal = literalPattern.exec(domain);
  return literal !== null && (isIPv4(literal[1] ?? '') || isIPv6(literal[1] ?? ''));
}

/** Tells whether Django's EmailValidator accepts the text. */
export function isDjangoEmail(value: string): boolean {
  if (value === '' || !value.includes('@') || pythonLength(value) > 320) return false;
  const at = value.lastIndexOf('@');
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!userPattern.test(user)) return false;
  if (domain === 'localhost' || validDomainPart(domain)) return true;
  // A possible IDN domain: Python's idna codec (IDNA 2003).
  const ascii = pythonIdnaEncode(domain);
  return ascii !== undefined && validDomainPart(ascii);
}
