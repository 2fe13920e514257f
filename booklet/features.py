"""Features: what a build adds to the pipeline (syntax, stages, back matter), as an ordered set."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from lxml import etree

    from .errors import Reporter
    from .layout import Layout
    from .model import Booklet, Options, RenderedBooklet, Topic
    from .render import RenderContext
    from .sections import Section

Preprocess = Callable[["Booklet", "Reporter"], "Booklet"]
Extensions = Callable[["Options"], list]
Finish = Callable[["Topic", "etree._Element", "Reporter", "RenderContext"], "dict[str, Any] | None"]
PostRender = Callable[["RenderedBooklet", "Layout", "Reporter"], "RenderedBooklet"]
BackMatter = Callable[["RenderedBooklet", "Layout"], "list[Section]"]
PrintCss = Callable[["Options"], str]


@dataclass(frozen=True)
class Imported:
    """A hook named by its module and function, imported when it first runs: a build that takes its
    rendering from the cache (rendercache.py) never loads the features that render. A plain,
    picklable value, as the module-level functions it stands for are."""

    module: str
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.name)(*args, **kwargs)


@dataclass(frozen=True)
class Feature:
    """One feature's hooks into the pipeline; each is optional.

    - `preprocess(booklet, reporter) → booklet`: rewrites topics' Markdown before rendering;
    - `extensions(options) → [Markdown extension]`: called for every topic, so topics never share
      an extension instance;
    - `finish(topic, fragment tree, reporter, context) → extras`: one topic's data for
      `RenderedTopic.extras`; `context` (render.RenderContext) holds the settings, the page
      geometry and what the topic may know of the others;
    - `post_render(rendered, layout, reporter) → rendered`: what needs every topic (numbering
      through the booklet) or the layout (mind maps drawn with its fonts);
    - `back_matter`: producers `(rendered, layout) → [Section]`, in order;
    - `print_css(options) → str`: a stylesheet the PDF needs for this build (generated page sizes).
    """

    name: str
    preprocess: Preprocess | None = None
    extensions: Extensions | None = None
    finish: Finish | None = None
    post_render: PostRender | None = None
    back_matter: tuple[BackMatter, ...] = ()
    print_css: PrintCss | None = None


@dataclass(frozen=True)
class FeatureSet:
    """The features of one build, in the order their hooks run."""

    features: tuple[Feature, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.features]
        if len(set(names)) != len(names):
            raise ValueError(f"a feature is listed twice: {names}")

    def __iter__(self):
        return iter(self.features)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def only(self, names: Iterable[str]) -> "FeatureSet":
        """The features named, in this set's order (for tests and builds that want a subset)."""
        wanted = set(names)
        unknown = wanted - set(self.names)
        if unknown:
            raise ValueError(f"no such feature: {', '.join(sorted(unknown))} (features: {', '.join(self.names)})")
        return FeatureSet(tuple(f for f in self.features if f.name in wanted))

    def preprocessors(self) -> list[Preprocess]:
        return [f.preprocess for f in self.features if f.preprocess]

    def extensions(self, options: Options) -> list:
        """Fresh Markdown extensions for one topic."""
        return [ext for f in self.features if f.extensions for ext in f.extensions(options)]

    def finishers(self) -> tuple[Finish, ...]:
        return tuple(f.finish for f in self.features if f.finish)

    def post_render(self) -> list[PostRender]:
        return [f.post_render for f in self.features if f.post_render]

    def back_matter(self) -> tuple[BackMatter, ...]:
        return tuple(producer for f in self.features for producer in f.back_matter)

    def print_css(self, options: Options) -> tuple[str, ...]:
        return tuple(f.print_css(options) for f in self.features if f.print_css)


def ordered(features: Sequence[Feature]) -> FeatureSet:
    return FeatureSet(tuple(features))
