"""What a PDF standard puts beside the pages, kept through the join: catalog entries, attachments, the tag tree.

Every chunk is written by WeasyPrint to the booklet's standard (worker.Setup.variant), so each
carries what one pass would write for the whole booklet: XMP metadata, output intents, the
booklet's attachments (the first chunk only embeds those), and under PDF/UA a tag tree whose
parent tree is numbered by the chunk's own pages. The join keeps the first chunk's catalog
entries, concatenates the associated files (/AF), merges the tag trees under one /Document
element with the parent tree renumbered as one pass numbers it (pages first, then annotations),
and keeps one copy of each colour profile and attached file the chunks share.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                           TextStringObject)

FIRST_CHUNKS = ("/Metadata", "/OutputIntents", "/MarkInfo", "/ViewerPreferences")   # catalog entries of the booklet


class Standard:
    """Collects, chunk by chunk as the join adds their pages, what the standard keeps in the catalog."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.first = True
        self.files: list[list[Any]] = []                           # /AF: each chunk's associated files
        self.page_parents: list[tuple[int, Any]] = []              # parent tree: (page, its marked content)
        self.annotation_parents: list[tuple[Any, Any]] = []        # (annotation, its structure element)
        self.kids = ArrayObject()                                  # the booklet's /Document's children
        self.document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                          NameObject("/S"): NameObject("/Document"), NameObject("/K"): self.kids})
        self.document_ref: IndirectObject | None = None
        self.trees = 0                                             # chunks whose tag trees were merged

    def add(self, reader: PdfReader, first_page: int) -> None:
        """A chunk whose pages were just added to the writer, from `first_page` on."""
        catalog: Any = reader.trailer["/Root"]
        if self.first:
            self.first = False
            for key in FIRST_CHUNKS:
                if key in catalog:
                    self.writer._root_object[NameObject(key)] = catalog.raw_get(key).clone(self.writer)
            embedded = catalog.get("/Names", {}).get("/EmbeddedFiles")
            if embedded is not None:
                self._names()[NameObject("/EmbeddedFiles")] = catalog["/Names"].raw_get("/EmbeddedFiles").clone(
                    self.writer)
        self.files.append([item.clone(self.writer) for item in catalog.get("/AF", [])])
        if "/StructTreeRoot" in catalog:
            self._tags(catalog["/StructTreeRoot"], len(reader.pages), first_page)

    def finish(self) -> None:
        root = self.writer._root_object
        if self.document_ref is not None:
            self._tree(root)
        same = _one_copy_each(self.writer)
        if any(self.files):
            # The first chunk's list as WeasyPrint made it; then the files later chunks attach anew.
            files = ArrayObject(same(item) for item in self.files[0])
            for item in (same(item) for later in self.files[1:] for item in later):
                if item not in files:
                    files.append(item)
            root[NameObject("/AF")] = self.writer._add_object(files)

    def _names(self) -> Any:
        root = self.writer._root_object
        if "/Names" not in root:
            root[NameObject("/Names")] = DictionaryObject()
        return root["/Names"].get_object()

    def _tags(self, tree: Any, pages: int, first_page: int) -> None:
        """The chunk's structure elements under the booklet's /Document; its parent tree renumbered."""
        writer = self.writer
        if self.document_ref is None:
            self.document_ref = writer._add_object(self.document)
        # The chunk's /Document element becomes the booklet's: its children, cloned, point to it as
        # their parent (pypdf clones an object once per source file, through this table).
        chunk_document = tree["/K"][0]
        writer._id_translated.setdefault(id(chunk_document.pdf), {"PreventGC": chunk_document.pdf})[
            chunk_document.idnum] = self.document_ref.idnum
        kids = [kid.clone(writer) for kid in chunk_document.get_object()["/K"]]
        self.kids.extend(kids)
        _unique_ids(kids, f"c{self.trees}-")
        self.trees += 1
        annotations = {int(a["/StructParent"]): a for number in range(first_page, first_page + pages)
                       for a in (a.get_object() for a in writer.pages[number].get("/Annots", []))
                       if "/StructParent" in a}
        nums = tree["/ParentTree"]["/Nums"]
        for key, value in zip(nums[::2], nums[1::2]):
            if int(key) < pages:
                self.page_parents.append((first_page + int(key), value.clone(writer)))
            elif int(key) in annotations:   # WeasyPrint tags only annotations on the chunk's pages
                self.annotation_parents.append((annotations[int(key)], value.clone(writer)))

    def _tree(self, root: Any) -> None:
        """One parent tree as one pass numbers it: page N's marked content under N, annotations after."""
        writer = self.writer
        nums = ArrayObject()
        for number, parents in sorted(self.page_parents, key=lambda item: item[0]):
            writer.pages[number][NameObject("/StructParents")] = NumberObject(number)
            nums += [NumberObject(number), parents]
        for number, (annotation, parent) in enumerate(self.annotation_parents, len(self.page_parents)):
            annotation[NameObject("/StructParent")] = NumberObject(number)
            nums += [NumberObject(number), parent]
        parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
        tree = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/ParentTree"): parent_tree,
            NameObject("/K"): ArrayObject([self.document_ref])}))
        self.document[NameObject("/P")] = tree
        root[NameObject("/StructTreeRoot")] = tree


def _unique_ids(kids: list, prefix: str) -> None:
    """Table header cells are named by their table's object number in the chunk (WeasyPrint's
    /ID, cited by the cells' /Headers): chunks repeat those numbers, so each chunk's get a prefix."""
    todo = list(kids)
    while todo:
        element: Any = todo.pop().get_object()
        if element.get("/Type") != "/StructElem":
            continue
        if "/ID" in element:
            element[NameObject("/ID")] = TextStringObject(prefix + str(element["/ID"]))
        attributes: Any = element.get("/A")
        headers: Any = attributes.get("/Headers", ()) if isinstance(attributes, DictionaryObject) else ()
        if headers:
            attributes[NameObject("/Headers")] = ArrayObject(TextStringObject(prefix + str(name)) for name in headers)
        todo.extend(kid for kid in element.get("/K", []) if isinstance(kid, IndirectObject))


def _one_copy_each(writer: PdfWriter):
    """Every chunk embeds its own copy of a colour profile (PDF/A's sRGB) and of a file it attaches
    (with its file specification): point every use at one copy (the others are pruned). Returns
    the function that maps a file specification to the one kept."""
    kept: dict[bytes, IndirectObject] = {}

    def one(reference: Any) -> Any:
        if not isinstance(reference, IndirectObject):
            return reference
        stream: Any = reference.get_object()
        # A file's embedding time differs between chunks unless the booklet is dated (press.Reproducible).
        params = {k: v for k, v in stream.get("/Params", {}).items() if k not in ("/CreationDate", "/ModDate")}
        keys = {k: v for k, v in stream.items() if k not in ("/Length", "/Params")}
        digest = hashlib.sha256(repr((sorted(keys.items()), sorted(params.items()))).encode()
                                + stream.get_data()).digest()
        return kept.setdefault(digest, reference)

    specs: dict[str, IndirectObject] = {}
    alias: dict[int, IndirectObject] = {}
    for number, obj in enumerate(writer._objects, 1):
        for item in _containers(obj):
            if isinstance(item, ArrayObject) and len(item) == 2 and item[0] == "/ICCBased":
                item[1] = one(item[1])   # an array keeps its references as they are
            elif isinstance(item, DictionaryObject) and item.get("/Type") == "/OutputIntent":
                item[NameObject("/DestOutputProfile")] = one(item.raw_get("/DestOutputProfile"))
            elif isinstance(item, DictionaryObject) and item.get("/Type") == "/Filespec" and "/EF" in item:
                files: Any = item["/EF"]
                files[NameObject("/F")] = one(files.raw_get("/F"))
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Filespec":
            alias[number] = specs.setdefault(repr(sorted(obj.items())), IndirectObject(number, 0, writer))

    def same(reference: Any) -> Any:
        return alias.get(reference.idnum, reference) if isinstance(reference, IndirectObject) else reference

    for obj in writer._objects:
        for item in _containers(obj):
            for key, value in (item.items() if isinstance(item, dict) else enumerate(item)):
                if isinstance(value, IndirectObject) and same(value) is not value:
                    item[key] = same(value)
    return same


def _containers(obj: Any):
    """`obj` and the dictionaries and arrays written inside it (not those it refers to)."""
    todo = [obj]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            yield item
            todo.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            yield item
            todo.extend(v for v in item if isinstance(v, (dict, list)))
