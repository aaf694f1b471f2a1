"""The photo pipeline: every photo the newsroom stores comes through here.

The Photo admin form and every import (the demo newsroom included) go the same way:

1. ``uploads.prepare(file, name)`` checks the upload and decodes it once. The format is decided
   from the file's content, opened with an explicit allowlist (JPEG, PNG, WebP, AVIF); a file name
   whose extension does not match the content is refused (not corrected), as are empty files,
   files over 10 MiB, images over 40 megapixels (width × height × frames for animations; Pillow's
   decompression-bomb warning counts as an error) and files that cannot be decoded to the end.
   The result is upright (EXIF orientation applied), in sRGB (converted through its embedded ICC
   profile) and carries no metadata at all: EXIF, GPS, XMP, comments and profiles are dropped.
   Animations keep their first frame.
2. ``storage.save_photo(photo, prepared)`` stores a re-encoded original under a server-made name
   in a dated folder (the uploader's file name is never used), the renditions, and the rows, all
   or nothing: if a database write fails, or the storage cannot write (a full disk: the editor is
   told so by ``PhotoNotStored``), every file written is deleted again. Only a new file makes a
   new original; a stored file is never rewritten or renamed, and files a photo no longer shows
   are kept as ``RetiredFile`` rows until the photo is deleted.

``renditions`` plans the files made from each photo: several widths of the whole photo and of two
crops (16:9 for teasers, 1:1 for portraits) that keep the focal point, each as AVIF plus a JPEG
fallback. Their names are deterministic: made from the original's unique name, the crop box and
the encoder settings, so a name never changes its content (safe to serve with far-future cache
headers) and public pages compute every ``srcset`` from the photo row alone, without a query or a
storage call. It is pure functions and imports no model, so ``articles.models`` can use it. A
``Rendition`` row records each file; ``Photo.renditions_digest`` says the set for the current plan
is complete (otherwise pages fall back to the original).

Dependencies point one way: ``uploads`` and ``renditions`` know no model; ``storage`` knows the
models and both of them; ``articles.models`` knows ``renditions`` only.
"""
