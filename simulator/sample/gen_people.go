package sample

import (
	"fmt"
	"slices"
	"strings"
)

// User indexes that the sample's special cases use.
const (
	userDirector = 0
	// userMutualA and userMutualB are each other's manager.
	userMutualA = 1
	userMutualB = 2
)

// specialUserNames come first: duplicates, non-Latin scripts and
// punctuation that labels and file names must survive.
var specialUserNames = []string{
	"Dana Whitfield", "Priya Raman", "Tomás Ortega", "John Smith", "John Smith",
	"María García", "María García", "山田 太郎", "佐藤 花子", "فاطمة الزهراء",
	"محمد عبد الله", "Иван Петров", "Ольга Смирнова", "Zoë Müller-Lüdenscheidt",
	"François Lefèvre", "Seán O'Brien", "Dr. A. B. Chen, Jr.", `José "Pepe" Núñez`,
	"Jean-Luc (JL) Picard", "Nguyễn Văn An", "김민준", "Σοφία Παπαδοπούλου", "עדי כהן",
	"Chloé 🌻 Martin", "Ana Łukasiewicz", "Mary-Jane Watson-Parker", "Björn Ångström", "李伟",
}

var (
	firstNames = []string{
		"Aisha", "Ben", "Carmen", "Diego", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
		"Kwame", "Lena", "Mateo", "Nora", "Omar", "Paula", "Quinn", "Rosa", "Sven", "Tara",
		"Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zara",
	}
	lastNames = []string{
		"Adams", "Baker", "Castro", "Dubois", "Eriksen", "Fischer", "González", "Haddad",
		"Ivanova", "Jensen", "Kowalski", "López", "Mensah", "Nakamura", "Okafor", "Petrov",
		"Quintero", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang",
	}
	departments = []string{
		"Customer Care", "Sales", "Technical Support", "Billing", "カスタマーサポート", "Финансы", "IT",
	}
	titles = []string{
		"Agent", "Senior Agent", "Team Lead", "Supervisor", "Workforce Analyst", "Quality Specialist",
	}
	languagePreferences = []string{"en-us", "es", "fr", "ja", "ar", "ru", "de"}
)

// managerPool holds the users who manage others. User 8 is inactive, so
// some active users report to an inactive manager.
var managerPool = []int{userDirector, userMutualA, userMutualB, 3, 5, 7, 8, 11}

func (g *generator) userNames(n int) []string {
	names := make([]string, n)
	for i := range n {
		if i < len(specialUserNames) {
			names[i] = specialUserNames[i]
			continue
		}
		names[i] = firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))]
	}
	return names
}

// minUsers is the fewest users an org has: the special cases above and the
// manager pool need them.
const minUsers = 12

// userCount returns the number of users: ActiveUsers + InactiveUsers when
// either is set, raised to minUsers with active users, and otherwise the
// scaled count.
func (g *generator) userCount() int {
	if !g.explicitUsers() {
		return usersPerScale * g.scale
	}
	return max(g.activeUsers()+g.inactiveUsers(), minUsers)
}

func (g *generator) explicitUsers() bool { return g.cfg.ActiveUsers > 0 || g.cfg.InactiveUsers > 0 }
func (g *generator) activeUsers() int    { return max(g.cfg.ActiveUsers, 0) }
func (g *generator) inactiveUsers() int  { return max(g.cfg.InactiveUsers, 0) }

// userInactive marks every ninth user inactive, or with explicit counts
// spreads the inactive users evenly: user i is inactive when the share of
// inactive users among the first i+1 users reaches the next whole user.
func (g *generator) userInactive(i int) bool {
	if !g.explicitUsers() {
		return i%9 == 8
	}
	n, m := g.userCount(), g.inactiveUsers()
	return (i+1)*m/n > i*m/n
}

func (g *generator) users() []map[string]any {
	n := len(g.names[typeUser])
	usedEmails := map[string]int{}
	out := make([]map[string]any, n)
	for i := range n {
		out[i] = g.user(i, emailFor(g.name(typeUser, i), i, usedEmails))
		g.userIndex[out[i]["id"].(string)] = i
	}
	return out
}

func (g *generator) user(i int, email string) map[string]any {
	id := g.id(typeUser, i)
	state := "active"
	if g.userInactive(i) {
		state = "inactive"
	}
	division := divisionHome
	if g.rng.IntN(10) >= 6 {
		division = g.rng.IntN(len(divisionNames))
	}
	u := map[string]any{
		"id":         id,
		"name":       g.name(typeUser, i),
		"division":   g.ref(typeDivision, division),
		"chat":       map[string]any{"jabberId": strings.ReplaceAll(id, "-", "")[:24] + "@sample.example.com"},
		"department": departments[g.rng.IntN(len(departments))],
		"email":      email,
		"primaryContactInfo": []any{
			map[string]any{"address": email, "mediaType": "EMAIL", "type": "PRIMARY"},
		},
		"addresses":          []any{},
		"state":              state,
		"title":              titles[g.rng.IntN(len(titles))],
		"username":           email,
		"images":             []any{},
		"version":            1 + g.rng.IntN(6),
		"acdAutoAnswer":      false,
		"languagePreference": languagePreferences[g.rng.IntN(len(languagePreferences))],
		"selfUri":            g.selfURI(typeUser, i),
	}
	if i%3 == 0 {
		phone := fmt.Sprintf("+1317555%04d", 100+i%100)
		u["addresses"] = []any{map[string]any{
			"address": phone, "display": fmt.Sprintf("+1 317-555-%04d", 100+i%100),
			"mediaType": "PHONE", "type": "WORK", "countryCode": "US",
		}}
	}
	if i%4 == 0 {
		u["images"] = []any{
			map[string]any{"resolution": "x96", "imageUri": "https://images.example.com/users/" + id + "/x96.png"},
			map[string]any{"resolution": "x400", "imageUri": "https://images.example.com/users/" + id + "/x400.png"},
		}
	}
	if manager, ok := g.managerOf(i); ok {
		u["manager"] = g.idRef(typeUser, manager)
	}
	g.addUserExpandFields(u, i)
	return u
}

// managerOf returns the manager of user i: none for the director, each
// other for the mutual pair, and a user of managerPool for the rest.
func (g *generator) managerOf(i int) (int, bool) {
	switch i {
	case userDirector:
		return 0, false
	case userMutualA:
		return userMutualB, true
	case userMutualB:
		return userMutualA, true
	}
	for {
		if m := managerPool[g.rng.IntN(len(managerPool))]; m != i {
			return m, true
		}
	}
}

// addUserExpandFields fills the fields the API returns only on expand.
func (g *generator) addUserExpandFields(u map[string]any, i int) {
	skills := []any{}
	for _, s := range g.pick(g.rng.IntN(6), len(g.names[typeSkill])) {
		skills = append(skills, map[string]any{
			"id": g.id(typeSkill, s), "name": g.name(typeSkill, s),
			"proficiency": float64(g.rng.IntN(6)), "state": "active",
			"skillUri": g.selfURI(typeSkill, s),
			"selfUri":  fmt.Sprintf("%s/routingskills/%s", u["selfUri"], g.id(typeSkill, s)),
		})
	}
	languages := []any{}
	for _, l := range g.pick(g.rng.IntN(3), len(languageNames)) {
		languages = append(languages, map[string]any{
			"id": g.id(typeLanguage, l), "name": g.name(typeLanguage, l),
			"proficiency": float64(g.rng.IntN(6)), "state": "active",
			"languageUri": g.selfURI(typeLanguage, l),
			"selfUri":     fmt.Sprintf("%s/routinglanguages/%s", u["selfUri"], g.id(typeLanguage, l)),
		})
	}
	groups := []any{}
	for _, gr := range g.pick(g.rng.IntN(4), len(g.names[typeGroup])) {
		groups = append(groups, g.idRef(typeGroup, gr))
		g.groupMembers[gr] = append(g.groupMembers[gr], i)
	}

	roles := g.userRoles(i)
	roleRefs := make([]any, len(roles))
	var permissions []string
	for j, r := range roles {
		roleRefs[j] = map[string]any{"id": g.id(typeRole, r), "name": g.name(typeRole, r)}
		g.roleUsers[r] = append(g.roleUsers[r], i)
		permissions = append(permissions, rolePermissions(r)...)
	}
	slices.Sort(permissions)

	u["skills"] = skills
	u["languages"] = languages
	u["groups"] = groups
	u["authorization"] = map[string]any{
		"roles":              roleRefs,
		"permissions":        slices.Compact(permissions),
		"permissionPolicies": []any{},
	}
	u["locations"] = g.userLocations(i)
	u["profileSkills"] = profileSkills(i)
	u["certifications"] = certifications(i)
	u["employerInfo"] = map[string]any{
		"officialName": g.name(typeUser, i),
		"employeeId":   fmt.Sprintf("E%05d", 1000+i),
		"employeeType": []string{"Full-time", "Part-time", "Contractor"}[i%3],
		"dateHire":     baseTime.AddDate(0, 0, -30*(i%60)).Format("2006-01-02"),
	}
	u["biography"] = map[string]any{
		"biography": "Invented person of the gcexport sample org.",
		"interests": []any{"customer experience"},
		"hobbies":   []any{[]string{"chess", "cycling", "書道", "football"}[i%4]},
		"education": []any{map[string]any{"school": "Example University", "fieldOfStudy": "Business"}},
	}
}

// userRoles gives everyone employee, the director Master Admin and admin,
// managers Supervisor and Team Lead, everyone else User, and some users a
// custom role.
func (g *generator) userRoles(i int) []int {
	roles := []int{roleEmployee}
	switch {
	case i == userDirector:
		roles = append(roles, roleMasterAdmin, roleAdmin)
	case slices.Contains(managerPool, i):
		roles = append(roles, roleSupervisor, roleTeamLead)
	default:
		roles = append(roles, roleUser)
	}
	switch i % 11 {
	case 3:
		roles = append(roles, roleQueueSupervisorTokyo)
	case 5:
		roles = append(roles, roleReporting)
	case 7:
		roles = append(roles, roleQueueAdminMoscow)
	}
	slices.Sort(roles)
	return roles
}

// userLocations places every sixth user at a location of the org.
func (g *generator) userLocations(i int) []any {
	if i%6 != 0 {
		return []any{}
	}
	l := i / 6 % len(locationSpecs)
	return []any{map[string]any{
		"id":                 g.uuid("userLocation", i),
		"notes":              "Desk " + fmt.Sprint(100+i%400),
		"locationDefinition": g.idRef(typeLocation, l),
	}}
}

func profileSkills(i int) []any {
	all := []any{"Escalations", "Spanish", "Billing disputes", "日本語"}
	return all[:i%3]
}

func certifications(i int) []any {
	if i%5 == 0 {
		return []any{"COPC Certified Agent"}
	}
	return []any{}
}

// emailFor builds a unique example.com address from the Latin letters of a
// name, or from the user's index when the name has none.
func emailFor(name string, i int, used map[string]int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(foldAccents(name)) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), ".") {
				b.WriteByte('.')
			}
		}
	}
	local := strings.Trim(b.String(), ".")
	if local == "" {
		local = fmt.Sprintf("user%03d", i)
	}
	used[local]++
	if n := used[local]; n > 1 {
		local = fmt.Sprintf("%s%d", local, n)
	}
	return local + "@example.com"
}

var accentFolds = strings.NewReplacer(
	"á", "a", "à", "a", "ä", "a", "å", "a", "Å", "A", "ç", "c", "é", "e", "è", "e", "ë", "e",
	"í", "i", "ï", "i", "ñ", "n", "ó", "o", "ö", "o", "ú", "u", "ü", "u", "Ł", "L", "ł", "l",
	"ễ", "e", "ă", "a", "Ö", "O", "Ü", "U", "Á", "A", "É", "E",
)

func foldAccents(s string) string { return accentFolds.Replace(s) }
