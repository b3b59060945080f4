/* Control Room street basemap: the two styles (dark for the control room, light for daylight).
 *
 * A style is data: colours, which feature classes fill with which colour (townAreas: stronger
 * below zoom 12, so towns stand out in the county view), road widths by zoom, and the label
 * colours. Widths are stops [[zoom, px], ...], interpolated geometrically.
 * Colours stay muted: the live units (saturated status colours) must stand out on either.
 */
(function () {
  "use strict";

  function stops(table, z) {
    if (z <= table[0][0]) return table[0][1];
    for (var i = 1; i < table.length; i++) {
      var a = table[i - 1], b = table[i];
      if (z <= b[0]) return a[1] * Math.pow(b[1] / a[1], (z - a[0]) / (b[0] - a[0]));
    }
    return table[table.length - 1][1];
  }

  // Road classes (OpenMapTiles "transportation"), bottom to top; width stops in CSS px.
  var ROADS = [
    { cls: ["path", "track"], min: 14, width: [[14, 0.6], [16, 1.2], [18, 2]], dash: 4 },
    { cls: ["pedestrian"], min: 14, width: [[14, 1.2], [16, 2.5], [18, 6]] },
    { cls: ["service"], min: 13, width: [[13, 0.4], [14, 1], [16, 3], [18, 7]] },
    { cls: ["minor"], min: 12, width: [[12, 0.5], [14, 2], [16, 6], [18, 14]] },
    { cls: ["tertiary", "busway"], min: 11, width: [[11, 0.5], [12, 1.1], [14, 3.2], [16, 8], [18, 17]] },
    { cls: ["secondary"], min: 9, width: [[9, 0.7], [10, 1], [12, 1.7], [14, 3.8], [16, 9], [18, 19]] },
    { cls: ["primary"], min: 8, width: [[8, 0.8], [9, 1.1], [10, 1.5], [12, 2.1], [14, 4.2], [16, 10], [18, 20]] },
    { cls: ["trunk"], min: 7, width: [[7, 0.9], [9, 1.6], [10, 2], [12, 2.6], [14, 4.6], [16, 11], [18, 22]] },
    { cls: ["motorway"], min: 6, width: [[6, 1], [9, 1.8], [10, 2.2], [12, 2.9], [14, 5], [16, 12], [18, 24]] },
  ];
  var RAIL = { cls: ["rail", "transit"], min: 10, width: [[10, 0.6], [14, 1.2], [18, 2.6]] };

  var DARK = {
    name: "dark",
    land: "#111922",
    areas: { // landuse / landcover / park class -> fill
      residential: "#141d28", industrial: "#161d26", commercial: "#161d27", retail: "#181e29",
      railway: "#151b23", military: "#171b22", garages: "#161c25",
      wood: "#0f1d19", forest: "#0f1d19", grass: "#11211b", park: "#12231c", allotments: "#12201b",
      recreation_ground: "#12231c", village_green: "#12231c", golf_course: "#12221b",
      wetland: "#10202a", sand: "#1a1d1f", cemetery: "#13201c",
      pitch: "#13241d", playground: "#13241d", stadium: "#15202a",
      hospital: "#211820", school: "#1b1a25", college: "#1b1a25", university: "#1b1a25",
      kindergarten: "#1b1a25", library: "#1b1a25", nature_reserve: "#112019",
      urban: "#141d28",
    },
    townAreas: { residential: "#1a2432", industrial: "#1a222d", commercial: "#1b2330", retail: "#1c2331" },
    water: "#0c2436",
    waterway: "#13405a",
    building: "#1d2733",
    buildingEdge: "#26323f",
    aeroway: "#1e2834",
    casing: "#0a0f15",
    roads: {
      path: "#3b4a5c", track: "#3b4a5c", pedestrian: "#27313d", service: "#222c38",
      minor: "#2b3747", tertiary: "#384657", busway: "#384657", secondary: "#46566a",
      primary: "#566679", trunk: "#6b6a66", motorway: "#7d7466",
    },
    tunnelAlpha: 0.45,
    oneWay: "#8a97a6",
    rail: "#3e4957",
    label: { text: "#c3ccd6", halo: "rgba(9,13,19,0.92)", street: "#aeb9c6",
      minorStreet: "#8d99a8", place: "#e2e8ef", suburb: "#9fb0c3", water: "#6aa3c8",
      park: "#7fa38c", poi: "#b5a7c9", housenumber: "#7f8b99",
      shield: "#26303b", shieldEdge: "#5d6b7c", shieldText: "#e6ebf1",
      motorwayShield: "#2c3a55", motorwayShieldText: "#dbe6ff" },
  };

  var LIGHT = {
    name: "light",
    land: "#f2efe9",
    areas: {
      residential: "#e6e2dc", industrial: "#e6dfe6", commercial: "#eedfdf", retail: "#f1dedc",
      railway: "#e2dde3", military: "#eedbd6", garages: "#e3e0d8",
      wood: "#c9dcbf", forest: "#c9dcbf", grass: "#d8e8c8", park: "#d2e8c4", allotments: "#dbe6c8",
      recreation_ground: "#d2e8c4", village_green: "#d2e8c4", golf_course: "#d4e7c6",
      wetland: "#d8e6e3", sand: "#efe6c9", cemetery: "#cfddc8",
      pitch: "#c7e3c3", playground: "#d3ecd9", stadium: "#d9e8d5",
      hospital: "#f3dede", school: "#efe8d3", college: "#efe8d3", university: "#efe8d3",
      kindergarten: "#efe8d3", library: "#efe8d3", nature_reserve: "#d5e6c8",
      urban: "#e6e2dc",
    },
    townAreas: { residential: "#e0dbd3", industrial: "#e2dae2", commercial: "#e9dada", retail: "#ecd9d7" },
    water: "#a9cfe0",
    waterway: "#93c1d6",
    building: "#dcd3cb",
    buildingEdge: "#c9bfb6",
    aeroway: "#dddde6",
    casing: "#b9b4ad",
    roads: {
      path: "#9a8f84", track: "#a08c6c", pedestrian: "#ecebf2", service: "#ffffff",
      minor: "#ffffff", tertiary: "#ffffff", busway: "#ffffff", secondary: "#f6f1cc",
      primary: "#f5dfb1", trunk: "#f0caa3", motorway: "#e6b59a",
    },
    tunnelAlpha: 0.5,
    oneWay: "#9a948c",
    rail: "#9b9ba3",
    label: { text: "#3a3f47", halo: "rgba(255,255,255,0.92)", street: "#41464e",
      minorStreet: "#5a5f67", place: "#22262c", suburb: "#5b6470", water: "#3f7ea3",
      park: "#4f7a52", poi: "#6f5a8a", housenumber: "#8a837d",
      shield: "#ffffff", shieldEdge: "#8f8a84", shieldText: "#2b2f36",
      motorwayShield: "#3d5a8a", motorwayShieldText: "#ffffff" },
  };

  window.crStreetStyle = { stops: stops, ROADS: ROADS, RAIL: RAIL,
    themes: { dark: DARK, light: LIGHT } };
})();
