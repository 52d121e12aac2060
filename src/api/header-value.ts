// Checks that a credential can travel in an HTTP header, without ever echoing the credential itself.

/**
 * Describes why a value cannot be sent as an `Authorization` credential (a line break, a control character, a space,
 * a non-ASCII character, or nothing at all), or returns undefined when it can. The text never quotes the value.
 */
export function credentialProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const position = `at character ${index + 1} of ${value.length}`;
    if (code === 0x0a || code === 0x0d) return `it holds a line break ${position} (more than one line?)`;
    if (code < 0x20 || code === 0x7f) return `it holds a control character ${position}`;
    if (code === 0x20 || code === 0x09) return `it holds a space ${position}`;
    if (code > 0x7e) return `it holds a non-ASCII character ${position}`;
  }
  return undefined;
}
