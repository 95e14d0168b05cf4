import type { XmpMetaLike, XmpModuleLike } from './xmp-link';

/**
 * A small stand-in for UXP's XMPMeta, for the recording fake: simple properties only, serialised as a
 * real XMP packet (one rdf:Description, properties as attributes, as XMP's serialisation allows,
 * ISO 16684-1 §7.9.2.2) and parsed back from such a packet, so the host really round-trips the text.
 */
const prefixes = new Map<string, string>([['http://ns.adobe.com/xap/1.0/', 'xmp']]);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const unesc = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

export class FakeXmpMeta implements XmpMetaLike {
  static registerNamespace(namespaceURI: string, suggestedPrefix: string): string {
    prefixes.set(namespaceURI, suggestedPrefix);
    return `${suggestedPrefix}:`;
  }

  private readonly props = new Map<string, string>();

  constructor(packet?: string) {
    if (!packet) return;
    const ns = new Map<string, string>();
    for (const m of packet.matchAll(/xmlns:([A-Za-z][\w-]*)="([^"]*)"/g)) ns.set(m[1]!, unesc(m[2]!));
    const desc = /<rdf:Description\b([^>]*?)\/?>/.exec(packet)?.[1] ?? '';
    for (const m of desc.matchAll(/([A-Za-z][\w-]*):([A-Za-z][\w-]*)="([^"]*)"/g)) {
      const uri = ns.get(m[1]!);
      if (uri && m[1] !== 'xmlns' && m[1] !== 'rdf') this.props.set(`${uri} ${m[2]}`, unesc(m[3]!));
    }
  }

  getProperty(schemaNS: string, propName: string) {
    const v = this.props.get(`${schemaNS} ${propName}`);
    return v === undefined ? undefined : { value: v };
  }
  setProperty(schemaNS: string, propName: string, propValue: string) {
    this.props.set(`${schemaNS} ${propName}`, propValue);
  }
  deleteProperty(schemaNS: string, propName: string) {
    this.props.delete(`${schemaNS} ${propName}`);
  }
  serialize(): string {
    const used = new Map<string, string>();
    const attrs: string[] = [];
    for (const [key, value] of this.props) {
      const [uri, name] = key.split(' ') as [string, string];
      const prefix = prefixes.get(uri) ?? `ns${used.size + 1}`;
      used.set(uri, prefix);
      attrs.push(`${prefix}:${name}="${esc(value)}"`);
    }
    const xmlns = [...used].map(([uri, p]) => `xmlns:${p}="${esc(uri)}"`).join(' ');
    return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ${xmlns} ${attrs.join(' ')}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  }
}

export const fakeXmpModule: XmpModuleLike = { XMPMeta: FakeXmpMeta };
