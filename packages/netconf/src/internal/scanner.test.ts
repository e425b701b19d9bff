import { describe, expect, it } from "vitest";
import { MessageScanner, type ScannedMessage, sliceMessage } from "./scanner.ts";

function scan(pieces: readonly string[], skipData = true): ScannedMessage {
  const s = new MessageScanner(skipData);
  for (const p of pieces) s.feed(p);
  return s.finish();
}

/** The root's and children's texts, to compare scans. */
function shape(m: ScannedMessage) {
  const text = (a: number, b: number) => sliceMessage(m, a, b);
  return {
    rootTag: text(m.root.start, m.root.tagEnd),
    children: m.children.map((c) => ({
      tag: text(c.start, c.tagEnd),
      content: text(c.tagEnd, c.closeStart),
      end: text(c.closeStart, c.end),
    })),
  };
}

const NS = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const TRICKY = `<?xml version="1.0"?>
<!-- a comment with <tags> and </rpc-reply> -->
<rpc-reply ${NS} message-id="7" a='x>y' b="/>">
  <data><x><![CDATA[</data> <y> ]]></x><!-- </data> --><?pi </data>?><z q="</data>"/></data>
  <rpc-error><error-message xml:lang="en">a &lt; b</error-message></rpc-error>
  <ok/>
</rpc-reply>
`;

describe("MessageScanner", () => {
  it("finds the root and its children through comments, CDATA, PIs and quoted '>' wherever the text is cut", () => {
    const whole = shape(scan([TRICKY], false));
    expect(whole.rootTag).toBe(`<rpc-reply ${NS} message-id="7" a='x>y' b="/>">`);
    expect(whole.children.map((c) => c.tag)).toEqual(["<data>", "<rpc-error>", "<ok/>"]);
    expect(whole.children[0]?.content).toBe(
      '<x><![CDATA[</data> <y> ]]></x><!-- </data> --><?pi </data>?><z q="</data>"/>',
    );
    expect(whole.children[2]?.content).toBe("");
    for (let i = 0; i <= TRICKY.length; i++) {
      for (const skip of [false, true]) {
        expect(shape(scan([TRICKY.slice(0, i), TRICKY.slice(i)], skip)), `cut at ${i}, skip ${skip}`).toEqual(
          whole,
        );
      }
    }
  });

  it("finds the end of skipped data from a plain tail, and by a full scan when the tail hides an end tag", () => {
    const plain = `<rpc-reply ${NS}><data><a>1</a><a>2</a></data></rpc-reply>\n`;
    expect(shape(scan([plain])).children[0]?.content).toBe("<a>1</a><a>2</a>");
    // `</data>` inside CDATA after the real end: the tail check must not take it.
    const hidden = `<rpc-reply ${NS}><data><a/></data><rpc-error><error-message><![CDATA[</data>]]></error-message></rpc-error></rpc-reply>`;
    const m = shape(scan([...hidden]));
    expect(m.children[0]?.content).toBe("<a/>");
    expect(m.children.map((c) => c.tag)).toEqual(["<data>", "<rpc-error>"]);
    // A prefixed data element and a comment after it.
    const prefixed = `<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:data><b/></nc:data><!-- </nc:data> --></nc:rpc-reply>`;
    expect(shape(scan([prefixed])).children[0]?.content).toBe("<b/>");
  });

  it("never merges an rpc-error between two <data> elements into the first one", () => {
    const err = "<rpc-error><error-tag>x</error-tag></rpc-error>";
    for (const reply of [
      `<rpc-reply ${NS}><data><a>1</a></data>${err}<data><b>2</b></data></rpc-reply>`,
      `<rpc-reply ${NS}><data><a>1</a></data><data><b>2</b></data></rpc-reply>`,
      `<rpc-reply ${NS}><data><a>1</a></data>${err}<data/></rpc-reply>`,
      `<rpc-reply ${NS}><data><data>nested</data></data>${err}</rpc-reply>`,
    ]) {
      const full = shape(scan([reply], false));
      for (let i = 0; i <= reply.length; i++) {
        expect(shape(scan([reply.slice(0, i), reply.slice(i)])), `${reply} cut at ${i}`).toEqual(full);
      }
    }
    const m = shape(scan([`<rpc-reply ${NS}><data><a>1</a></data>${err}<data><b>2</b></data></rpc-reply>`]));
    expect(m.children.map((c) => c.tag)).toEqual(["<data>", "<rpc-error>", "<data>"]);
    expect(m.children[0]?.content).toBe("<a>1</a>");
  });

  it("stores data content unscanned, so its errors surface only when it is parsed", () => {
    const m = scan([`<rpc-reply ${NS}><data><a></b></data></rpc-reply>`]);
    expect(sliceMessage(m, m.children[0]?.tagEnd ?? 0, m.children[0]?.closeStart ?? 0)).toBe("<a></b>");
  });

  it.each([
    ["text before the root element", ["hello <rpc-reply/>"], /text before the root/],
    ["a second root element", ["<a/><b/>"], /second root/],
    ["content after the root", ["<a/>junk"], /after the root/],
    ["an unclosed element", ["<a><b>"], /ended inside an element/],
    ["an unfinished tag", ["<a"], /ended inside an element/],
    ["a stray end tag", ["</a>"], /end tag without a start tag/],
    ["nothing", ["  \n"], /no root element/],
  ])("rejects %s", (_what, pieces, pattern) => {
    expect(() => scan(pieces)).toThrow(pattern);
  });

  it("rejects garbage as soon as it arrives, before the message ends", () => {
    const s = new MessageScanner();
    expect(() => s.feed("SSH-2.0-OpenSSH banner\r\n")).toThrow(/text before the root/);
  });
});
