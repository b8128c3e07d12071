"""A real SMTP server on loopback for Foyer's tests (aiosmtpd).

Each accepted message is written to OUTDIR as one JSON file (envelope, headers, text and
HTML parts decoded by Python's email package), written to a temporary name and renamed,
so a reader never sees half a file. stdout gets "READY <port>" once listening and
"RECEIVED <n>" after each message is on disk, before the 250 goes back.
"""
import asyncio
import json
import os
import sys
from email import message_from_bytes, policy

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        self.count += 1
        record = {
            "n": self.count,
            "mailFrom": envelope.mail_from,
            "rcptTo": list(envelope.rcpt_tos),
            "headers": [[k, str(v).strip()] for k, v in message.items()],
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        path = os.path.join(self.outdir, "%06d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(path + ".tmp", path)
        print("RECEIVED %d" % self.count, flush=True)
        return "250 OK queued as %d" % self.count


async def main():
    outdir = sys.argv[1]
    sink = Sink(outdir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, hostname="foyer.test"), host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
