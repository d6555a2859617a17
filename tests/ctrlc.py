"""What the tests that press Ctrl-C (send SIGINT) give the processes they start.

A test run started in the background by a shell without job control (`bash .ci/run &` from a
script, nohup) inherits SIGINT ignored, and so does every process it starts: Python then
installs no KeyboardInterrupt handler, and a build sent SIGINT runs on to its end (exit 0).
Each such process therefore takes the default action back before it runs Python."""

from __future__ import annotations

import signal


def takes_ctrl_c() -> None:
    """subprocess.Popen(..., preexec_fn=takes_ctrl_c): SIGINT as on a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
