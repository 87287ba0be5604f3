package sample

import "fmt"

type locationSpec struct {
	name, street, city, state, zip, country string
	parents                                 []int // ancestors, outermost first
}

// Location 1 is inside location 0, and location 4 inside location 1.
var locationSpecs = []locationSpec{
	{"Indianapolis HQ", "1 Example Plaza", "Indianapolis", "IN", "46204", "US", nil},
	{"Indianapolis HQ — Floor 3", "1 Example Plaza", "Indianapolis", "IN", "46204", "US", []int{0}},
	{"東京オフィス", "千代田区丸の内1-1", "東京都", "", "100-0005", "JP", nil},
	{"Madrid – Oficina Central", "Calle Ejemplo 12", "Madrid", "", "28001", "ES", nil},
	{"Floor 3 / Room 301 (Ops)", "1 Example Plaza", "Indianapolis", "IN", "46204", "US", []int{0, 1}},
}

// addTelephony adds locations and the Edge telephony configuration.
func (g *generator) addTelephony(resources map[string][]map[string]any) {
	resources[typeLocation] = g.locations()
	resources[typeSite] = g.sites()
	resources[typePhoneBase] = g.phoneBaseSettings()
	resources[typePhone] = g.phones()
	resources[typeTrunkBase] = g.trunkBaseSettings()
	resources[typeEdgeGroup] = g.edgeGroups()
	resources[typeTrunk] = g.trunks()
	resources[typeExtensionPool] = g.extensionPools()
	resources[typeDIDPool] = g.didPools()
}

func (g *generator) locations() []map[string]any {
	users := len(g.names[typeUser])
	out := make([]map[string]any, len(locationSpecs))
	for i, spec := range locationSpecs {
		path := []any{}
		for _, p := range spec.parents {
			path = append(path, g.id(typeLocation, p))
		}
		out[i] = map[string]any{
			"id":   g.id(typeLocation, i),
			"name": spec.name,
			"address": map[string]any{
				"street1": spec.street, "city": spec.city, "state": spec.state,
				"zipcode": spec.zip, "country": spec.country,
			},
			"emergencyNumber": map[string]any{"e164": "+13175550911", "number": "+1 317-555-0911", "type": "default"},
			"contactUser":     g.idRef(typeUser, g.rng.IntN(users)),
			"state":           "active",
			"notes":           "Sample location " + spec.name,
			"version":         1 + g.rng.IntN(3),
			"path":            path,
			"addressVerified": spec.country == "US",
			"selfUri":         g.selfURI(typeLocation, i),
		}
	}
	return out
}

// Site indexes that other objects refer to.
const (
	siteCloud = iota
	siteIndianapolis
	siteTokyo
)

type siteSpec struct {
	name       string
	managed    bool
	mediaModel string
	location   int
	primary    []int
	secondary  []int
}

// The Genesys Cloud Voice site is managed; the others are the org's own.
var siteSpecs = []siteSpec{
	{"PureCloud Voice - AWS", true, "Cloud", 0, nil, nil},
	{"Indianapolis Premises", false, "Premises", 0, nil, nil},
	{"東京 Premises", false, "Premises", 2, []int{siteIndianapolis}, []int{siteCloud}},
	{"Sede Madrid (BYOC)", false, "Cloud", 3, []int{siteCloud}, nil},
}

func (g *generator) sites() []map[string]any {
	refs := func(indexes []int) []any {
		out := []any{}
		for _, i := range indexes {
			out = append(out, g.ref(typeSite, i))
		}
		return out
	}
	out := make([]map[string]any, len(siteSpecs))
	for i, spec := range siteSpecs {
		site := g.architectAudit()
		site["id"] = g.id(typeSite, i)
		site["name"] = spec.name
		site["division"] = g.ref(typeDivision, divisionHome)
		site["description"] = "Site " + spec.name
		site["managed"] = spec.managed
		site["mediaModel"] = spec.mediaModel
		site["coreSite"] = false
		site["location"] = g.ref(typeLocation, spec.location)
		site["primarySites"] = refs(spec.primary)
		site["secondarySites"] = refs(spec.secondary)
		site["edges"] = []any{}
		site["addresses"] = []any{}
		site["mediaRegions"] = []any{"us-east-1", "us-west-2"}
		site["mediaRegionsUseLatencyBased"] = true
		site["ntpSettings"] = map[string]any{"servers": []any{"time.example.com"}}
		site["callerId"] = "+13175550100"
		site["callerName"] = "Northwind"
		site["selfUri"] = g.selfURI(typeSite, i)
		out[i] = site
	}
	return out
}

// Phone base settings indexes.
const (
	phoneBaseWebRTC = iota
	phoneBaseDesk
	phoneBaseTokyo
)

type phoneBaseSpec struct{ name, metaBase string }

var phoneBaseSpecs = []phoneBaseSpec{
	{"WebRTC Phones", "inin_webrtc_softphone.json"},
	{"Polycom VVX 411 — Lobby", "polycom_vvx_411.json"},
	{"Yealink T54W (東京)", "yealink_t54w.json"},
}

func (g *generator) phoneBaseSettings() []map[string]any {
	out := make([]map[string]any, len(phoneBaseSpecs))
	for i, spec := range phoneBaseSpecs {
		out[i] = map[string]any{
			"id":            g.id(typePhoneBase, i),
			"name":          spec.name,
			"description":   "Phone base settings " + spec.name,
			"state":         "active",
			"version":       1 + g.rng.IntN(3),
			"phoneMetaBase": map[string]any{"id": spec.metaBase, "name": spec.metaBase},
			"lines": []any{map[string]any{
				"id": g.uuid("lineBase", i), "name": spec.name + " line",
				"lineMetaBase": map[string]any{"id": "basic_line.json", "name": "basic_line.json"},
				"properties":   map[string]any{"station_line_label": map[string]any{"value": map[string]any{"instance": "Line 1"}}},
			}},
			"properties": map[string]any{
				"phone_label":                    map[string]any{"value": map[string]any{"instance": spec.name}},
				"phone_maxLineKeys":              map[string]any{"value": map[string]any{"instance": 1}},
				"phone_mediaCodecs":              map[string]any{"value": map[string]any{"instance": []any{"audio/opus", "audio/PCMU"}}},
				"phone_stationPersistentEnabled": map[string]any{"value": map[string]any{"instance": i == 0}},
			},
			"capabilities": map[string]any{
				"provisions": i != phoneBaseWebRTC, "registers": i != phoneBaseWebRTC,
				"dualRegisters": false, "allowReboot": i != phoneBaseWebRTC, "noRebalance": false,
			},
			"selfUri": g.selfURI(typePhoneBase, i),
		}
	}
	return out
}

// deskPhones is the number of desk phones besides the WebRTC phones.
const deskPhones = 4

// phones gives every seventh active user a WebRTC phone and adds a few
// desk phones, two of them with the same name.
func (g *generator) phones() []map[string]any {
	var out []map[string]any
	add := func(name string, base, site, user int) {
		i := len(out)
		id := g.id(typePhone, i)
		phone := g.architectAudit()
		phone["id"] = id
		phone["name"] = name
		phone["division"] = g.ref(typeDivision, divisionHome)
		phone["site"] = g.ref(typeSite, site)
		phone["phoneBaseSettings"] = g.ref(typePhoneBase, base)
		phone["lineBaseSettings"] = map[string]any{"id": g.uuid("lineBase", base), "name": phoneBaseSpecs[base].name + " line"}
		phone["phoneMetaBase"] = map[string]any{"id": phoneBaseSpecs[base].metaBase, "name": phoneBaseSpecs[base].metaBase}
		line := map[string]any{
			"id": g.uuid("line", i), "name": fmt.Sprintf("%s_line_1", id), "state": "active",
			"lineBaseSettings": map[string]any{"id": g.uuid("lineBase", base)},
			"properties": map[string]any{
				"station_identity_address": map[string]any{"value": map[string]any{"instance": fmt.Sprintf("+1317555%04d", 100+i%100)}},
			},
			"selfUri": fmt.Sprintf("/api/v2/telephony/providers/edges/lines/%s", g.uuid("line", i)),
		}
		phone["properties"] = map[string]any{
			"phone_hardwareId": map[string]any{"value": map[string]any{"instance": fmt.Sprintf("00:04:f2:%02x:%02x:%02x", i>>16&0xff, i>>8&0xff, i&0xff)}},
		}
		if user >= 0 {
			phone["webRtcUser"] = g.ref(typeUser, user)
			line["defaultForUser"] = g.idRef(typeUser, user)
			delete(phone, "properties")
		}
		phone["lines"] = []any{line}
		phone["capabilities"] = map[string]any{"provisions": user < 0, "registers": user < 0, "allowReboot": user < 0}
		phone["selfUri"] = g.selfURI(typePhone, i)
		out = append(out, phone)
	}
	for u, name := range g.names[typeUser] {
		if u%7 == 0 && !g.userInactive(u) {
			add(name+" (WebRTC)", phoneBaseWebRTC, siteCloud, u)
		}
	}
	for i := range deskPhones * g.scale {
		add([]string{"Lobby Phone", "Lobby Phone", "受付電話", "Conference Room «Alpha»"}[i%deskPhones],
			[]int{phoneBaseDesk, phoneBaseDesk, phoneBaseTokyo, phoneBaseDesk}[i%deskPhones],
			[]int{siteIndianapolis, siteIndianapolis, siteTokyo, siteIndianapolis}[i%deskPhones], -1)
	}
	return out
}

type trunkBaseSpec struct {
	name, metaBase, trunkType string
	managed                   bool
	site, inboundSite         int // -1: none
}

var trunkBaseSpecs = []trunkBaseSpec{
	{"Genesys Cloud - CDM WebRTC Phone Trunk", "phone_connections_webrtc.json", "PHONE", true, siteCloud, -1},
	{"Carrier SIP — Primary", "external_sip.json", "EXTERNAL", false, siteIndianapolis, -1},
	{"BYOC Cloud — カスタマー", "external_sip_pcv_byoc_carrier.json", "EXTERNAL", false, -1, siteCloud},
}

func (g *generator) trunkBaseSettings() []map[string]any {
	out := make([]map[string]any, len(trunkBaseSpecs))
	for i, spec := range trunkBaseSpecs {
		tb := g.architectAudit()
		tb["id"] = g.id(typeTrunkBase, i)
		tb["name"] = spec.name
		tb["description"] = "Trunk base " + spec.name
		tb["trunkMetabase"] = map[string]any{"id": spec.metaBase, "name": spec.metaBase}
		tb["trunkType"] = spec.trunkType
		tb["managed"] = spec.managed
		tb["properties"] = map[string]any{
			"trunk_label":                     map[string]any{"value": map[string]any{"instance": spec.name}},
			"trunk_max_dial_timeout":          map[string]any{"value": map[string]any{"instance": "1m"}},
			"trunk_transport_serverProxyList": map[string]any{"value": map[string]any{"instance": []any{"sip.example.com"}}},
		}
		if spec.site >= 0 {
			tb["site"] = g.ref(typeSite, spec.site)
		}
		if spec.inboundSite >= 0 {
			tb["inboundSite"] = g.ref(typeSite, spec.inboundSite)
		}
		tb["selfUri"] = g.selfURI(typeTrunkBase, i)
		out[i] = tb
	}
	return out
}

type edgeGroupSpec struct {
	name       string
	trunkBase  int
	phoneBases []int
}

var edgeGroupSpecs = []edgeGroupSpec{
	{"Indianapolis Edge Group", 1, []int{0}},
	{"東京 Edge Group", 1, []int{0}},
}

func (g *generator) edgeGroups() []map[string]any {
	out := make([]map[string]any, len(edgeGroupSpecs))
	for i, spec := range edgeGroupSpecs {
		phoneTrunkBases := []any{}
		for _, tb := range spec.phoneBases {
			phoneTrunkBases = append(phoneTrunkBases, g.ref(typeTrunkBase, tb))
		}
		eg := g.architectAudit()
		eg["id"] = g.id(typeEdgeGroup, i)
		eg["name"] = spec.name
		eg["description"] = "Edge group " + spec.name
		eg["managed"] = false
		eg["hybrid"] = false
		eg["edgeTrunkBaseAssignment"] = map[string]any{
			"family":    1,
			"trunkBase": g.ref(typeTrunkBase, spec.trunkBase),
		}
		eg["phoneTrunkBases"] = phoneTrunkBases
		eg["selfUri"] = g.selfURI(typeEdgeGroup, i)
		out[i] = eg
	}
	return out
}

// trunks are the trunks that the edge groups' trunk base created: one per
// edge group.
func (g *generator) trunks() []map[string]any {
	out := make([]map[string]any, len(edgeGroupSpecs))
	for i, spec := range edgeGroupSpecs {
		trunk := g.architectAudit()
		trunk["id"] = g.id(typeTrunk, i)
		trunk["name"] = fmt.Sprintf("%s - %s", trunkBaseSpecs[spec.trunkBase].name, spec.name)
		trunk["trunkType"] = trunkBaseSpecs[spec.trunkBase].trunkType
		trunk["trunkBase"] = g.ref(typeTrunkBase, spec.trunkBase)
		trunk["trunkMetabase"] = map[string]any{"id": trunkBaseSpecs[spec.trunkBase].metaBase}
		trunk["edgeGroup"] = g.ref(typeEdgeGroup, i)
		trunk["edge"] = map[string]any{"id": g.uuid("edge", i), "name": fmt.Sprintf("edge-%02d", i+1)}
		trunk["inService"] = true
		trunk["enabled"] = true
		trunk["connectedStatus"] = map[string]any{"connected": true, "connectedStateTime": g.timestamp()}
		trunk["family"] = 1
		trunk["selfUri"] = g.selfURI(typeTrunk, i)
		out[i] = trunk
	}
	return out
}

func (g *generator) extensionPools() []map[string]any {
	pools := [][2]string{{"1000", "1999"}, {"7000", "7499"}}
	out := make([]map[string]any, len(pools))
	for i, p := range pools {
		pool := g.architectAudit()
		pool["id"] = g.id(typeExtensionPool, i)
		pool["name"] = fmt.Sprintf("Extensions %s-%s", p[0], p[1])
		pool["division"] = g.ref(typeDivision, []int{divisionHome, divisionJapan}[i])
		pool["description"] = "Extension pool " + p[0] + "–" + p[1]
		pool["startNumber"] = p[0]
		pool["endNumber"] = p[1]
		pool["selfUri"] = g.selfURI(typeExtensionPool, i)
		out[i] = pool
	}
	return out
}

func (g *generator) didPools() []map[string]any {
	pools := []struct{ start, end, provider string }{
		{"+13175550100", "+13175550149", "PURE_CLOUD_VOICE"},
		{"+13175550150", "+13175550199", "BYOC_CLOUD"},
	}
	out := make([]map[string]any, len(pools))
	for i, p := range pools {
		pool := g.architectAudit()
		pool["id"] = g.id(typeDIDPool, i)
		pool["name"] = fmt.Sprintf("DIDs %s-%s", p.start, p.end)
		pool["description"] = "DID pool (" + p.provider + ")"
		pool["startPhoneNumber"] = p.start
		pool["endPhoneNumber"] = p.end
		pool["provider"] = p.provider
		pool["comments"] = "Numbers in the 555-01xx range"
		pool["selfUri"] = g.selfURI(typeDIDPool, i)
		out[i] = pool
	}
	return out
}
