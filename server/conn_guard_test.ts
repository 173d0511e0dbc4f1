import { equal, ok } from "node:assert/strict";
import { type GuardLimits, overdue, RequestFraming } from "./conn_guard.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const LIMITS: GuardLimits = {
  headerTimeoutMs: 100,
  bodyTimeoutMs: 200,
  idleTimeoutMs: 300,
  maxConnections: 8,
};

Deno.test("framing follows a Content-Length body split anywhere, then the next request", () => {
  const framing = new RequestFraming(0);
  const wire =
    "POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /healthz HTTP/1.1\r\n\r\n";
  for (let i = 0; i < wire.length; i++) {
    ok(framing.feed(bytes(wire[i]!), i));
    if (i === wire.indexOf("\r\n\r\n") + 3) equal(framing.phase, "body");
  }
  equal(framing.phase, "start");
});

Deno.test("framing follows chunked bodies with extensions and trailers", () => {
  const framing = new RequestFraming(0);
  ok(framing.feed(bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), 1));
  equal(framing.phase, "chunked");
  ok(framing.feed(bytes("3;ext=1\r\nabc\r\n"), 2));
  equal(framing.phase, "chunked");
  ok(framing.feed(bytes("0\r\nX-Trailer: 1\r\n"), 3));
  equal(framing.phase, "chunked");
  ok(framing.feed(bytes("\r\n"), 4));
  equal(framing.phase, "start");
});

Deno.test("framing refuses what the server would refuse: bad lengths, huge headers, bad chunks", () => {
  ok(!new RequestFraming(0).feed(bytes("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 0));
  ok(
    !new RequestFraming(0).feed(
      bytes("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
      0,
    ),
  );
  ok(!new RequestFraming(0).feed(bytes(`GET / HTTP/1.1\r\nX: ${"a".repeat(70_000)}`), 0));
  const chunked = new RequestFraming(0);
  ok(!chunked.feed(bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 0));
});

Deno.test("a fresh connection must send a request within the header timeout", () => {
  const framing = new RequestFraming(0);
  const c = { framing, busy: 0, active: 0, fresh: true };
  equal(overdue(c, LIMITS, 100), undefined);
  ok(overdue(c, LIMITS, 101)?.startsWith("no request within"));
});

Deno.test("headers count from their first byte; trickling does not reset the clock", () => {
  const framing = new RequestFraming(0);
  framing.feed(bytes("POST / HTTP/1.1\r\n"), 1_000);
  const c = { framing, busy: 0, active: 1_000, fresh: false };
  for (let t = 1_010; t <= 1_100; t += 10) {
    framing.feed(bytes("x"), t);
    c.active = t;
  }
  ok(overdue(c, LIMITS, 1_101)?.startsWith("headers not received"));
});

Deno.test("a body has its timeout plus a second's grace for the server's own 408", () => {
  const framing = new RequestFraming(0);
  framing.feed(bytes("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"), 0);
  const c = { framing, busy: 1, active: 0, fresh: false };
  equal(overdue(c, LIMITS, 1_200), undefined);
  ok(overdue(c, LIMITS, 1_201)?.startsWith("body not received"));
});

Deno.test("between requests a connection idles only while no response is being written", () => {
  const framing = new RequestFraming(0);
  framing.feed(bytes("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), 0);
  const c = { framing, busy: 1, active: 0, fresh: false };
  equal(overdue(c, LIMITS, 10_000), undefined);
  c.busy = 0;
  c.active = 10_000;
  equal(overdue(c, LIMITS, 10_300), undefined);
  ok(overdue(c, LIMITS, 10_301)?.startsWith("idle for"));
});
