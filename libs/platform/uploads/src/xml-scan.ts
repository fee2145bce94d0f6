import { unreadable } from './upload-limits';

export interface XmlHandler {
  /** `name` without its namespace prefix (`x:row` → `row`); read attributes with `attribute()`. */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text: decode it with decodeEntities() if it is kept. */
  text(text: string): void;
}

// One token per match, anchored where the last one ended (sticky): a tag, a comment, a processing
// instruction, CDATA, a declaration, or text up to the next '<'. No alternative can backtrack over more
// than the token it matches, so a scan is linear in the text, whatever the input.
const TOKEN =
  /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!([^>]*)>|([^<]+)/y;
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function codePoint(value: number): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd';
}

/** The five predefined entities and character references; no others exist without a DTD. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_match, hex?: string, decimal?: string, named?: string) =>
    hex ? codePoint(parseInt(hex, 16)) : decimal ? codePoint(parseInt(decimal, 10)) : NAMED[named!]!,
  );
}

const attributePatterns = new Map<string, RegExp>();
/**
 * One attribute of a tag, by local name (`r:id` is `id`), decoded; undefined if absent. Parsed only when
 * asked: most tags of a sheet (`v`, `t`, closing tags) are never asked anything.
 */
export function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[^\\s=/>:]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  return match ? decodeEntities(match[1] ?? match[2]!) : undefined;
}

/**
 * Walks XML text once, calling the handler per element and text run. A DOCTYPE is refused: spreadsheet
 * parts never have one, and entity definitions are how XML bombs grow.
 */
export function scanXml(xml: string, handler: XmlHandler): void {
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < xml.length) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(xml);
    if (!match) throw unreadable(`The XLSX file cannot be read: malformed XML at character ${position}.`);
    position = TOKEN.lastIndex;
    const [, closing, name, attributes, selfClosing, cdata, declaration, text] = match;
    if (name !== undefined) {
      if (closing) handler.close(localName(name));
      else {
        handler.open(localName(name), attributes ?? '', selfClosing === '/');
        if (selfClosing) handler.close(localName(name));
      }
    } else if (text !== undefined) handler.text(text);
    else if (cdata !== undefined) handler.text(cdata);
    else if (declaration !== undefined && /^DOCTYPE/i.test(declaration))
      throw unreadable('The XLSX file cannot be read: it declares a DOCTYPE.');
  }
}
