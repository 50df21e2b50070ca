// places_near: places within a radius (km) of a point, nearest first, with how many claims and statements are
// about events at each. point.distance on WGS-84 points, as the embedded store's haversine.
// :param lat => 35.18;
// :param lon => 35.95;
// :param radius_km => 25.0;
// :param limit => 50;
MATCH (p:Location)
WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
WITH p, point.distance(point({latitude: p.lat, longitude: p.lon}),
                       point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
WHERE km <= $radius_km
WITH p, round(km, 3) AS km
ORDER BY km, p.id
WITH collect({place: p {.id, .name, .kind, .lat, .lon, label: 'Location'}, km: km,
              claims: COUNT { (:Claim)-[:AT]->(p) }, statements: COUNT { (:Statement)-[:AT]->(p) }}) AS found
RETURN size(found) AS total, found[0..$limit] AS places
