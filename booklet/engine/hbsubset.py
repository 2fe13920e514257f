"""Font subsetting with HarfBuzz (the library WeasyPrint itself subsets with): fast enough to run per build.

fontTools does the same job some hundred times slower on these fonts, so it is only the fallback.
"""

from __future__ import annotations

import cffi

_FFI = cffi.FFI()
_FFI.cdef("""
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode, void *user_data, void *destroy);
    void hb_blob_destroy (hb_blob_t *blob);
    const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t *hb_face_reference_blob (hb_face_t *face);
    void hb_set_add (hb_set_t *set, unsigned int codepoint);
    unsigned int hb_tag_from_string (const char *str, int len);
    hb_subset_input_t *hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t *hb_subset_input_glyph_set (hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
    hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
""")
_RETAIN_GIDS, _DESUBROUTINIZE, _NO_HINTING, _PASSTHROUGH, _NOTDEF_OUTLINE = 0x2, 0x4, 0x1, 0x20, 0x40
_DROP_TABLE_TAG = 3
_DROP = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


def _open(*names: str):
    for name in names:
        try:
            return _FFI.dlopen(name)
        except OSError:
            continue
    return None


_HB = _open("harfbuzz", "harfbuzz-0.0", "libharfbuzz-0.dll", "libharfbuzz.so.0", "libharfbuzz.0.dylib")
_SUBSET = _open("harfbuzz-subset", "harfbuzz-subset-0.0", "libharfbuzz-subset-0.dll", "libharfbuzz-subset.so.0",
                "libharfbuzz-subset.0.dylib")


def subset(data: bytes, index: int, gids: list[int]) -> bytes | None:
    """`data` reduced to the glyphs `gids`, which keep their ids; None if HarfBuzz cannot."""
    if _HB is None or _SUBSET is None:
        return None
    buffer = _FFI.from_buffer(data)
    blob = _HB.hb_blob_create(buffer, len(data), 1, _FFI.NULL, _FFI.NULL)   # 1: read-only, data kept alive
    face = _HB.hb_face_create(blob, index)
    request = _SUBSET.hb_subset_input_create_or_fail()
    try:
        glyphs = _SUBSET.hb_subset_input_glyph_set(request)
        for gid in sorted(set(gids) | {0}):
            _HB.hb_set_add(glyphs, gid)
        drop = _SUBSET.hb_subset_input_set(request, _DROP_TABLE_TAG)
        for tag in _DROP:
            _HB.hb_set_add(drop, _HB.hb_tag_from_string(tag, -1))
        _SUBSET.hb_subset_input_set_flags(request, _RETAIN_GIDS | _DESUBROUTINIZE | _NO_HINTING | _PASSTHROUGH |
                                          _NOTDEF_OUTLINE)
        result = _SUBSET.hb_subset_or_fail(face, request)
        if result == _FFI.NULL:
            return None
        out = _HB.hb_face_reference_blob(result)
        length = _FFI.new("unsigned int *")
        pointer = _HB.hb_blob_get_data(out, length)
        content = bytes(_FFI.buffer(pointer, length[0])) if length[0] else None
        _HB.hb_blob_destroy(out)
        _HB.hb_face_destroy(result)
        return content
    finally:
        _SUBSET.hb_subset_input_destroy(request)
        _HB.hb_face_destroy(face)
        _HB.hb_blob_destroy(blob)
