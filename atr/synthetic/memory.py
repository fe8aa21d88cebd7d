"""Keep the generator's memory close to what it holds, not what it once held.

Why: glibc raises its mmap threshold each time a large block is freed, so after the first big
numpy temporaries are released, later ones of up to 32 MB come from the heap and are not given
back to the system; at scale 1.0 that fragmentation alone cost gigabytes of resident memory.
Fixing the threshold (as ``MALLOC_MMAP_THRESHOLD_`` would) makes large arrays use ``mmap`` and
return their memory when freed. A no-op where glibc is not the allocator.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3


def limit_heap_fragmentation(threshold: int = 1 << 17) -> bool:
    """Fix glibc's mmap and trim thresholds; returns False where that is not possible."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold)) and bool(mallopt(M_TRIM_THRESHOLD, threshold))
