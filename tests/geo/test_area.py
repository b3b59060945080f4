import random

from controlroom.geo.area import load_area
from controlroom.geo.geometry import haversine_m, in_polygon

BUSY = {"Stoke-on-Trent", "Stafford", "Newcastle-under-Lyme", "East Staffordshire", "Tamworth"}


def test_geodata_loads_the_force_area():
    area = load_area()
    assert len(area.districts) == 9
    assert len(area.wards) == 211
    assert {w.district for w in area.wards} == {d.name for d in area.districts}


def test_busy_towns_weigh_more():
    area = load_area()
    for ward in area.wards:
        assert (ward.weight > 1.0) == (ward.district in BUSY)


def test_known_places_are_inside_and_outside():
    area = load_area()
    assert area.contains(53.0245, -2.1794)  # Hanley, Stoke-on-Trent
    assert area.contains(52.8066, -2.1168)  # Stafford
    assert not area.contains(52.4862, -1.8904)  # Birmingham
    assert not area.contains(53.4808, -2.2426)  # Manchester
    assert area.ward_at(53.0245, -2.1794).district == "Stoke-on-Trent"


def test_random_points_fall_inside_their_ward():
    rng = random.Random(7)
    area = load_area()
    for ward in rng.sample(area.wards, 30):
        lat, lon = ward.random_point(rng)
        assert ward.contains(lat, lon)
        assert area.contains(lat, lon)


def test_point_in_polygon_with_a_hole():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    hole = [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]
    assert in_polygon(2, 2, [square, hole])
    assert not in_polygon(5, 5, [square, hole])
    assert not in_polygon(11, 5, [square])


def test_haversine_hanley_to_stafford():
    assert 23_000 < haversine_m(53.0245, -2.1794, 52.8066, -2.1168) < 25_500


def test_many_points_at_once_are_inside_where_one_at_a_time_says_so():
    area, rng = load_area(), random.Random(8)
    points = [(rng.uniform(52.4, 53.25), rng.uniform(-2.5, -1.55)) for _ in range(5000)]
    many = area.contains_many([p[0] for p in points], [p[1] for p in points]).tolist()
    one = [area.contains(*p) for p in points]
    wrongly_in = sum(m and not o for m, o in zip(many, one, strict=True))
    left_out = sum(o and not m for m, o in zip(many, one, strict=True))
    assert wrongly_in <= 2 and left_out < 0.03 * sum(one)  # a border strip of ~200 m is left out
