"""daphne on uvloop: `python -m config.server [daphne's own arguments]`, e.g.
`python -m config.server -b 0.0.0.0 -p 8000 config.asgi:application`.

daphne builds its Twisted reactor on `asyncio.new_event_loop()` when it is first imported; with
uvloop's policy installed before that, the loop is uvloop's (libuv, in C). Why: Twisted registers a
socket for writing before every frame it sends and unregisters it afterwards, and asyncio's
pure-Python selector bookkeeping for that was about a quarter of the CPU of a process relaying one
event to hundreds of viewers (py-spy during bench/booking.py). Measured with bench/booking.py on two
cores: 34-37 ms of CPU per booking in the WebSocket pool instead of 39-45 ms. Where uvloop is not
installed (Windows), daphne runs on plain asyncio.
"""

import asyncio


def main() -> None:
    try:
        import uvloop  # noqa: PLC0415 -- optional: not built for every platform
    except ImportError:
        pass
    else:
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    # Imported only now: daphne creates its event loop at import time.
    from daphne.cli import CommandLineInterface  # noqa: PLC0415

    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
