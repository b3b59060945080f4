import random

from controlroom.geo.area import load_area
from controlroom.geo.geometry import haversine_m
from controlroom.geo.streets import load_streets


def test_every_street_node_is_inside_the_force_area():
    graph, area = load_streets(), load_area()
    assert len(graph) > 1000
    assert all(area.contains(graph.lat[i], graph.lon[i]) for i in range(len(graph)))


def test_the_graph_is_connected():
    graph = load_streets()
    seen, todo = {0}, [0]
    while todo:
        for nxt, _ in graph.adj[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert len(seen) == len(graph)


def test_routes_follow_graph_edges_and_are_no_shorter_than_a_straight_line():
    graph, rng = load_streets(), random.Random(3)
    for _ in range(50):
        a, b = rng.randrange(len(graph)), rng.randrange(len(graph))
        path = graph.route(a, b)
        assert path[0] == a and path[-1] == b
        for u, v in zip(path, path[1:], strict=False):
            assert v in dict(graph.adj[u])
        straight = haversine_m(graph.lat[a], graph.lon[a], graph.lat[b], graph.lon[b])
        assert graph.length_m(path) >= straight * 0.99


def test_route_is_shortest_compared_with_dijkstra():
    import heapq

    graph, rng = load_streets(), random.Random(4)
    for _ in range(10):
        a, b = rng.randrange(len(graph)), rng.randrange(len(graph))
        dist, heap = {a: 0.0}, [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v, length in graph.adj[u]:
                if d + length < dist.get(v, float("inf")):
                    dist[v] = d + length
                    heapq.heappush(heap, (d + length, v))
        assert abs(graph.length_m(graph.route(a, b)) - dist[b]) < 1.0


def test_nearest_node_matches_brute_force():
    graph, rng = load_streets(), random.Random(5)
    for _ in range(100):
        lat, lon = rng.uniform(52.45, 53.25), rng.uniform(-2.45, -1.6)
        best = min(range(len(graph)), key=lambda i: graph.approx_m(i, lat, lon))
        assert graph.approx_m(graph.nearest(lat, lon), lat, lon) <= graph.approx_m(best, lat, lon)


def test_street_names_are_real_police_locations():
    graph = load_streets()
    names = set(graph.street)
    assert "London Road" in names
    assert all(name and not name.startswith("On or near") for name in names)
