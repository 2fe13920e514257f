"""SVG inside HTML: the camelCase names lxml's HTML parser lowercases, put back for XHTML (EPUB)."""

from __future__ import annotations

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"

# From the HTML Standard's tables for foreign content ("adjust SVG attributes" and the SVG
# element names): an HTML5 parser restores these, lxml's libxml2 parser does not, and XML is
# case-sensitive, so `viewbox` would leave an EPUB's SVG without its coordinate system.
_ATTRIBUTES = {name.lower(): name for name in """
    attributeName attributeType baseFrequency baseProfile calcMode clipPathUnits diffuseConstant
    edgeMode filterUnits glyphRef gradientTransform gradientUnits kernelMatrix kernelUnitLength
    keyPoints keySplines keyTimes lengthAdjust limitingConeAngle markerHeight markerUnits
    markerWidth maskContentUnits maskUnits numOctaves pathLength patternContentUnits
    patternTransform patternUnits pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio
    primitiveUnits refX refY repeatCount repeatDur requiredExtensions requiredFeatures
    specularConstant specularExponent spreadMethod startOffset stdDeviation stitchTiles
    surfaceScale systemLanguage tableValues targetX targetY textLength viewBox viewTarget
    xChannelSelector yChannelSelector zoomAndPan""".split()}
_ELEMENTS = {name.lower(): name for name in """
    altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend
    feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence foreignObject glyphRef linearGradient
    radialGradient textPath""".split()}


def restore_svg_case(tree: etree._Element) -> None:
    """Give every element inside an <svg> its SVG spelling back, in place; namespaced or not."""
    for svg in tree.iter("svg", f"{{{SVG_NS}}}svg"):
        for element in svg.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element)
            if name.localname in _ELEMENTS:
                element.tag = etree.QName(name.namespace, _ELEMENTS[name.localname]).text
            for attribute in [a for a in element.attrib if a in _ATTRIBUTES]:
                element.set(_ATTRIBUTES[attribute], element.attrib.pop(attribute))


def restore_svg_case_in(document: bytes) -> bytes:
    """The same for a serialised XHTML document; unchanged when it holds no SVG."""
    if b"<svg" not in document:
        return document
    root = etree.fromstring(document)
    restore_svg_case(root)
    # The root's tree, not the root alone, so that the DOCTYPE is written too.
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)
