"""Ends the private Ray cluster a driver started when that driver dies, even by SIGKILL (which runs no cleanup):
Ray's own processes (gcs_server, raylet, workers) would otherwise live on. Started by ray_engine.start() in its own
session, so a Ctrl-C or a kill of the driver's group does not take it down with the driver.

    python -m extractor.runs.ray_watchdog DRIVER_PID PID [PID …]
"""

from __future__ import annotations

import os
import signal
import sys
import time


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped by its parent) is dead
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def end(pids: list[int], grace_s: float = 5.0) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and any(alive(p) for p in pids):
            time.sleep(0.1)


def main() -> None:
    driver, *pids = map(int, sys.argv[1:])
    while alive(driver):
        time.sleep(0.5)
    end(pids)


if __name__ == "__main__":
    main()
