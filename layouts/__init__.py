"""booklet's built-in layouts and brand packs: data only, installed as the package `booklet.layouts`."""
