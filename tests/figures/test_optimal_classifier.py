"""Tests of mixup_nb_utils.figures.optimal_classifier: blended class colours and their colour key."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mixup_nb_utils.figures.optimal_classifier import blend_colors, blend_key  # noqa: E402
from mixup_nb_utils.figures.style import CLASS_COLORS  # noqa: E402


def test_blend_colors_mix_the_class_colours():
    import matplotlib.colors as mcolors
    rgb = blend_colors(np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [np.nan, np.nan, np.nan]]))
    np.testing.assert_allclose(rgb[0], mcolors.to_rgb(CLASS_COLORS[0]))
    np.testing.assert_allclose(rgb[1], (np.array(mcolors.to_rgb(CLASS_COLORS[0]))
                                        + mcolors.to_rgb(CLASS_COLORS[1])) / 2)
    np.testing.assert_allclose(rgb[2], 1.0)


@pytest.mark.parametrize("k", [2, 3])
def test_blend_key_draws_the_simplex(k):
    fig, ax = plt.subplots()
    blend_key(ax, k, resolution=30)
    texts = [t.get_text() for t in ax.texts]
    assert [f"class {c + 1}" for c in range(k)] == [t for t in texts if t.startswith("class")]
    assert any("outside" in t for t in texts) and len(ax.images) == 1
    if k == 3:   # the corners of the triangle have the pure class colours
        img = ax.images[0].get_array()
        import matplotlib.colors as mcolors
        np.testing.assert_allclose(img[0, 0, :3], mcolors.to_rgb(CLASS_COLORS[0]), atol=0.05)
        assert img[-1, 0, 3] == 0            # top-left of the image lies outside the triangle: transparent
    plt.close(fig)
    with pytest.raises(ValueError, match="2 or 3 classes"):
        blend_key(ax, 4)
