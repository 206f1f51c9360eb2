"""Places on the map (events/gazetteer.py): words of the kinds read on dev that GeoNames holds no entry for."""

from extractor.events.gazetteer import gazetteer, km_between


def test_a_road_between_two_towns_lies_between_them_in_the_first_one_s_region():
    places = gazetteer()
    road = places.resolve("road between the towns of Gao and Ansongo", ("ML",))
    gao, ansongo = places.resolve("Gao", ("ML",)), places.resolve("Ansongo", ("ML",))
    assert road.country == "ML" and road.admin1 == gao.admin1 and road.geo_precision == 2
    assert abs(km_between(road, gao) - km_between(road, ansongo)) < 1  # halfway
    # one end GeoNames does not hold: at the other
    assert km_between(places.resolve("road between Kharkiv and Xqzville"), places.resolve("Kharkiv")) < 1
    assert places.resolve("road between Xqzville and Yqzville").country is None
