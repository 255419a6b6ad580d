"""Downscale scikit-image's bundled sample photographs into public/images/ (see LICENSES.md there).

Run once with Debian's Python: `apt-get download python3-skimage && dpkg -x python3-skimage_*.deb SKIMG`,
then `/usr/bin/python3 scripts/gen_images.py SKIMG/usr/lib/python3/dist-packages/skimage/data`, where SKIMG is any
scratch folder.
"""
import os
import sys

from PIL import Image

SOURCES = [('camera', 'camera.png'), ('cat', 'chelsea.png'), ('coffee', 'coffee.png'),
           ('astronaut', 'astronaut.png'), ('rocket', 'rocket.jpg'), ('brick', 'brick.png')]

def main(src_dir: str) -> None:
    out = os.path.join(os.path.dirname(__file__), '..', 'public', 'images')
    for name, src in SOURCES:
        im = Image.open(os.path.join(src_dir, src))
        im = im.convert('RGB') if im.mode not in ('L', 'RGB') else im
        w, h = im.size
        s = 256 / max(w, h)
        im = im.resize((round(w * s), round(h * s)), Image.LANCZOS)
        im.save(os.path.join(out, f'{name}.png'), optimize=True)

if __name__ == '__main__':
    main(sys.argv[1])
