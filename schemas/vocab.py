"""The project's vocabulary, in one place: categories, roles and the labels the model gives, weapon classes and the
words that name them, the words for people, the words that state a role, the words of reporting, places and dates.
The schemas, the prompts' checks, the reader, the checker and the rules arm all derive their lists from here.

Word lists are regular-expression alternations, matched case-insensitively on word boundaries; longer phrases
first, so "shot down" is not read as "shot"."""

from __future__ import annotations

import re

CATEGORIES = ("munitions", "casualties", "forces", "other")
# What an error record says went wrong: one per exception class of extractor/errors.py (a test holds them equal).
ERROR_CLASSES = ("input", "config", "output", "setup", "transport", "rate_limit", "timeout", "time_budget",
                 "invalid_output", "internal")
WEAPON_CLASSES = ("missile", "drone", "rocket", "glide_bomb", "artillery", "aircraft", "other")
ROLES: dict[str, tuple[str, ...]] = {
    "munitions": ("launched", "intercepted", "jammed", "hit", "other"),
    "casualties": ("killed", "injured", "killed_or_injured", "missing", "captured", "other"),
    "forces": ("deployed", "other"),
}
# The roles of headline facts: every role but "other", by category.
HEADLINE_ROLES: dict[str, tuple[str, ...]] = {c: tuple(r for r in roles if r != "other") for c, roles in ROLES.items()}

# What the model answers about one count. Every label is a headline role, but for the one the conventions call by
# another name ("shot down" is intercepted), or "other".
LABEL_ROLES = {"launched": "launched", "shot_down": "intercepted", "jammed": "jammed", "hit": "hit",
               "killed": "killed", "injured": "injured", "killed_or_injured": "killed_or_injured",
               "missing": "missing", "captured": "captured", "deployed": "deployed", "other": "other"}
LABELS = tuple(LABEL_ROLES)
WEAPON_LABELS = ("launched", "shot_down", "jammed", "hit", "other")
PEOPLE_LABELS = ("killed", "injured", "killed_or_injured", "missing", "captured", "deployed", "other")


def category_of(role: str) -> str:
    """The headline category a role belongs to ("other" for any other role)."""
    return next((category for category, roles in HEADLINE_ROLES.items() if role in roles), "other")


# ---- what a number counts -------------------------------------------------------------------------------------

# Nouns that name a weapon class plainly ("78 missiles", "four guided aerial bombs").
CLASS_WORDS: dict[str, str] = {
    "glide_bomb": r"glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|KABs?",
    "missile": r"(?:cruise\s+|ballistic\s+)?missiles?|Kh-\d+\w*|Kalibrs?|Iskanders?|ATACMS|Storm\s+Shadows?|Oreshnik",
    "drone": r"drones?|UAVs?|Shaheds?|Gerans?|Lancets?|unmanned\s+aerial\s+vehicles?|loitering\s+munitions?",
    "rocket": r"rockets?|MLRS|Grads?|Qassams?",
    "artillery": r"shells?|artillery|mortars?|mortar\s+rounds?|rounds",
    "aircraft": r"aircraft|(?:fighter\s+)?jets?|planes?|helicopters?|choppers?|warplanes?|gunships?",
}
# Nouns for munitions that name no class: the class is the one named last before them, else "other".
UNNAMED_MUNITIONS = (r"munitions|projectiles?|launches|devices|explosions?|mines|ordnance|warheads|"
                     r"means\s+of\s+(?:enemy\s+)?air\s+attack")
# Bombs that name no class (not glide or aerial bombs, above; car and roadside bombs are no munitions): of the class
# named last before them in the article (the shells or glide bombs told of), but bombs a plane or a drone drops are
# "other".
BOMB_WORDS = r"(?<!car\s)(?<!roadside\s)(?:barrel\s+)?bombs?"

# Nouns for groups of people ("one family", "40 households"): a casualty count counts people, never the groups
# they belong to (gold counts families and households only as other facts: evacuated, homes damaged).
GROUP_WORDS = r"famil(?:y|ies)|households?|clans?"

# Animals, which harm verbs also befall ("killed 120 cattle"): no casualties, whatever the verb.
ANIMAL_WORDS = (r"cattle|cows?|oxen|bulls?|goats?|sheep|camels?|donkeys?|horses?|mules?|livestock|animals?|pigs?|"
                r"chickens?|poultry|birds?|dogs?|herds?|heads\s+of\s+cattle")
# Nouns for people, which munitions never are.
PEOPLE_WORDS = (r"people|persons?|civilians?|soldiers?|troops|forces|servicemen|personnel|fighters|militants|children|"
                r"women|men|residents|villagers|individuals|policemen|police|officers|hostages|Palestinians|"
                r"Israelis|Ukrainians|Russians|terrorists|insurgents|rebels|reservists|conscripts|recruits|"
                r"mercenaries|volunteers|members|guards|marines|policeman|paratroopers|sailors|crew|workers|journalists|"
                r"medics|patients|families|prisoners|detainees|captives|victims|citizens|refugees|elements|"
                r"servicemembers|service\s+members|units|officials|auxiliaries|passengers|girls|boys|jawans|"
                r"nationals|guerrillas|militiamen|casualties|causalities|fatalities|injuries|dead|lives|deaths|wounded|"
                r"bodies|"
                r"bombers|gunmen|attackers|assailants|jihadists|khwarij|extremists|combatants|"
                r"child|woman|man|girl|boy|resident|fighter|member|guard|officer|guide|worker|journalist|national")
# One person, named with "a"/"an": the nouns a count of one can have ("a man was killed", "an elderly woman").
PERSON_WORDS = (r"ranger|trooper|conscript|recruit|bystander|pedestrian|motorist|worshipper|protester|activist|"
                r"man|woman|child|boy|girl|baby|infant|toddler|teenager|person|civilian|soldier|servicemen|"
                r"serviceman|policeman|policewoman|officer|fighter|militant|resident|villager|farmer|worker|"
                r"journalist|reporter|photographer|medic|doctor|nurse|paramedic|teacher|student|pupil|driver|"
                r"guard|commander|colonel|major|captain|lieutenant|sergeant|general|member|volunteer|"
                r"hostage|prisoner|detainee|national|citizen|shepherd|fisherman|elder|chief|leader|official|"
                r"passenger|travell?er|commuter|pilgrim|visitor|mourner|pilot|sailor|marine|contractor|guide|"
                r"mother|father|son|daughter|wife|husband|"
                r"neighbou?r|relative|brother|sister|grandmother|grandfather|uncle|aunt|cousin|nephew|niece|"
                r"shopkeeper|vendor|herder|labou?rer|employee|priest|imam|adult|nun|monk|rescuer|peacekeeper|"
                r"firefighter|trader|merchant|businessman|businesswoman|engineer|technician|mechanic|electrician|"
                r"miner|builder|carpenter|clerk|cook|cleaner|courier|tourist|migrant|refugee|settler|nomad|herdsman|"
                r"tribesman|cyclist|motorcyclist|pensioner|retiree|widow|grandson|granddaughter|youth|youngster|"
                r"schoolgirl|schoolboy|newborn|veteran|reservist|cadet|corporal|commando|sniper|gunner|paratrooper|"
                r"insurgent|rebel|jihadist|gunman|extremist|terrorist|bandit|suspect|informant|lawmaker|legislator|"
                r"politician|mayor|governor|councill?or|senator|minister|diplomat|judge|lawyer|prosecutor|cleric|"
                r"preacher|pastor|rabbi|missionary|surgeon|pharmacist|midwife|lecturer|professor|scholar|researcher|"
                r"deminer|sapper|constable|gendarme|warden|bodyguard|demonstrator|passer-?by|passerby|onlooker|"
                r"inhabitant|hunter|"
                r"Palestinian|Israeli|Ukrainian|Russian|Syrian|Afghan|American|Briton|Iraqi|Lebanese|Yemeni|"
                r"Sudanese|Somali|Nigerian|Malian|Burkinabe|Congolese|Ethiopian|Pakistani|Indian|Thai|Nepalese")
# Verbs only the living undergo: whoever they happen to is a person, whatever the noun ("a peacekeeper was killed",
# "the blast wounded a motorcyclist"), so PERSON_WORDS need not name every trade.
HARM_VERBS = (r"kill(?:ed|s|ing)?|injur(?:ed|es|ing|e)|wound(?:ed|s|ing)?|slain|slew|murder(?:ed|s|ing)?|"
              r"massacred|die[ds]?|dying|perish(?:ed|es|ing)?|gunned|beheaded|lynched|assassinated|executed|hurt")
# The words that open a sub-count of the total before them: "35 killed, including two children".
SUBCOUNT_WORDS = r"including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which"
# Units counted as a force ("two battalions", "12 battalion tactical groups").
UNIT_WORDS = (r"battalions?|battalion\s+tactical\s+groups?|brigades?|regiments?|divisions?|companies|platoons?|"
              r"patrols?|units")
# Sides of a fight named by how many there are ("between two rival militias", "the two forces"): the parties, not a
# force's strength.
PARTY_WORDS = r"groups?|sides?|factions?|parties|camps?|armies|militias|forces|movements?|organi[sz]ations?"
# Things counted that are facts of category other, by their label ("26 buildings were damaged").
THING_WORDS: dict[str, str] = {
    "buildings_damaged": r"buildings?|houses?|homes?|apartments?|flats?|facilit(?:y|ies)|objects|structures|"
                         r"schools?|hospitals?|shops?|dwellings?|premises|substations?|infrastructure",
    "vehicles": r"vehicles?|tanks?|cars?|trucks?|lorries|lorry|armou?red\s+(?:cars?|vehicles?)|boats?|"
                r"launchers?|howitzers?|APCs?|BMPs?|pickups?|systems?",
    "targets_struck": r"targets?|ships?|vessels?|positions?",
    "attacks": r"attacks?|strikes?|raids?|airstrikes?|air\s+strikes?|shellings?|assaults?|bombardments?|"
               r"volleys?|waves?|operations?|clash(?:es)?|encounters?|gunfights?|firefights?|skirmish(?:es)?|"
               r"incidents?",
}

# ---- what happened to it ---------------------------------------------------------------------------------------

# Brought out of danger alive ("found alive", "pulled 12 people out alive"), not thought to be, said to be or still
# alive (hostages still held).
ALIVE = r"(?<!be\s)(?<!are\s)(?<!is\s)(?<!still\s)alive"
# Verbs and phrases that state a role.
ROLE_WORDS: dict[str, str] = {
    "intercepted": r"shot\s+down|shoot\s+down|shooting\s+down|br(?:ought|ing|ings|inging)\s+down|downed|downing|"
                   r"intercept\w*|destroy(?:ed|ing|s)?|"
                   r"knock(?:ed|ing)?\s+out|neutrali[sz]\w*|thwart\w*|repelled|repulsed|eliminat\w*",
    "jammed": r"jamm\w*|electronic\s+warfare|locationally\s+lost|lost\s+(?:locally|to)|did\s+not\s+reach|"
              r"fail(?:ed|ing)?\s+to\s+reach|"
              r"veer\w*\s+off|went\s+astray|suppress\w*",
    "launched": r"launch\w*|fired|firing|fire|attacked|targeted|used|using|utili[sz]\w*|employ\w*|barrage|"
                r"salvo|dropped|bombed|shelled|aimed|targeting",
    "hit": r"hit|struck|reached\s+(?:their\s+)?targets|impact\w*|landed|landing|fell|explosions?|exploded|"
           r"failed\s+to\s+(?:stop|intercept)|got\s+through",
    "killed": r"killed|kill\w*|dead|died|perish(?:ed|es|ing)?|deaths?|death\s+toll|toll|lives|martyr\w*|fatalit\w*|"
              r"bodies|slain|murdered|executed|massacred|succumb\w*|lost\s+(?:(?:his|her|their)\s+)?li(?:fe|ves)|"
              r"neutrali[sz]ed|eliminated|gunned\s+down|(?:claim\w*|took|take[sn]?|taking|cost)\s+(?:the\s+)?life|"
              r"(?:beaten|stabbed|burned|burnt|hacked|crushed)\s+to\s+death|"
              r"beheaded|lynched|assassinated|slaughtered|sent\s+to\s+hell|without\s+vital\s+signs|pronounced\s+dead|"
              # "twelve soldiers paid the supreme sacrifice", "laid down their lives", "embraced martyrdom"
              r"fatally\s+(?:wounded|injured|shot|stabbed|hurt|hit|struck|burn(?:ed|t))|"
              r"(?:paid|made|laid\s+down)\s+(?:the\s+)?(?:(?:supreme|ultimate|highest)\s+sacrifice|"
              r"(?:their|his|her)\s+li(?:fe|ves))|embraced\s+martyrdom",
    "injured": r"injur\w*|wounded|wounding|hurt|maimed|hospitali[sz]ed|"
               r"(?:taken|rushed|brought|admitted|airlifted|transported)\s+to\s+(?:(?:a|the)\s+)?(?:\w+\s+)?"
               r"(?:hospital|clinic)s?|(?:remain\w*|still)\s+in\s+(?:(?:a|the)\s+)?(?:\w+\s+)?hospitals?|"
               r"(?:suffered|sustained|received)\s+(?:\w+\s+){0,3}(?:wounds?|injur\w*|concussions?|burns|fractures?)|"
               r"(?:treated|treating)\s+(?:\w+\s+){0,3}for\s+(?:\w+\s+){0,2}(?:wounds?|injur\w*|burns)|"
               r"with\s+(?:gunshot|shrapnel|stab|bullet)\s+(?:wounds|injuries)|"
               # "were hit by shrapnel", "lost limbs", "had legs amputated"
               r"(?:hit|struck)\s+by\s+(?:(?:flying|stray)\s+)?(?:shrapnel|bullets?|gunfire|debris|fragments|"
               r"splinters)|lost\s+(?:(?:his|her|their|both|an?)\s+)?(?:limbs?|legs?|arms?|hands?|feet|foot|eyes?|"
               r"eyesight|sight)|amputat\w*|"
               # "medics treated 31 people": those treated were hurt, not those "treated as suspects" or for shock
               r"treat(?:ed|ing)(?!\s+(?:\w+\s+){0,3}(?:as|like|humanely|well|fairly)\b)"
               r"(?!\s+(?:\w+\s+){0,3}for\s+(?:\w+\s+)?(?:shock|anxiety|panic|stress|trauma|fear))|"
               r"(?:need\w*|requir\w*|receiv\w*|sought|seeking)\s+(?:medical\s+(?:treatment|care|attention|help|"
               r"assistance)|(?:hospital\s+)?treatment)|"
               r"in\s+(?:a\s+)?(?:critical|serious|moderate|stable|grave|fair|light|mild)\s+condition",
    "killed_or_injured": r"(?:killed|dead)\s+(?:or|and)\s+(?:injured|wounded|hurt)|"
                         r"(?:injured|wounded|hurt)\s+or\s+(?:killed|dead)|casualties|causalities|losses",
    "missing": r"missing|unaccounted|fate\s+\w+\s+unknown|whereabouts|searched\s+for|lost\s+contact\s+with|"
               r"(?:being\s+)?sought(?!\s+(?:medical|treatment|help|refuge|shelter|asylum|care))",
    "captured": r"captured|captive|(?:in|into)\s+(?:[A-Z]\w*\s+)?captivity|prisoners?|hostages?|abducted|kidnapped|"
                r"detained|seized|"
                r"snatched|whisked\s+(?:away|off)|carried\s+off|(?:taken|led|marched)\s+away|"
                r"taken\s+(?:in)?to\s+(?:an?\s+)?unknown\s+(?:location|destination)|"
                r"taken\s+into\s+the\s+(?:bush|forest)|"
                r"f[ae]ll(?:en)?\s+into\s+(?:the\s+)?(?:enemy|\w+)\s+hands|gave\s+themselves\s+up|"
                r"taken\s+prisoner|surrender(?:ed|ing)|(?:abduction|kidnapping)s?\s+of",
    "deployed": r"deploy\w*|dispatch\w*|sent|stationed|massed|amassed|airlifted|troops|a\s+force\s+of|"
                r"reinforc(?:ed|ing)\s+with|reinforcements\s+of|contingents?\s+of|"
                r"call(?:ed|ing)\s+up|mobili[sz](?:ed|ing|es|e)|conscripted|drafted",
    # People counted for what happened to them other than harm: exchanges and rescues are not casualties.
    "spared": r"free[ds]?|freeing|releas\w*(?!\s+(?:(?:a|an|the|its|their|his|her)\s+)?(?:\w+\s+)?"
              r"(?:statements?|videos?|reports?|footage|images?|photos?|figures|data|details|information|audio))|"
              r"return\w*|brought\s+(?:back|home)|exchang\w*|swap\w*|trad(?:ed|ing)|"
              r"rescued|evacuated|fled|flee|fleeing|displaced|forced\s+(?:out|from)|home\s+to|saved|survived|"
              rf"{ALIVE}|sent\s+back|handed\s+over|repatriated|retriev\w*|recovered|evacuat\w*|escap(?:ed|es?|ing)|"
              r"left\s+(?:their|his|her)\s+homes?",
    # Munitions that neither hit nor were stopped (labelling conventions: munitions/other, scored apart), among
    # them those struck where they stood ("two missiles on a truck were the target").
    "astray": r"(?:was|were)\s+the\s+targets?|fell\s+short|(?:fell|landed)\s+(?:in|into)\s+the\s+sea|unknown\s+impact\s+sites?|"
              r"fell\s+inside|unsuccessful",
}
# Nouns that are what they count and say what happened to it: "321 fatalities", "113 injuries", "(two explosions)".
ROLE_NOUNS: dict[str, str] = {
    "killed": r"deaths?|dead|fatalit(?:y|ies)|bod(?:y|ies)|remains|martyrs|killed",
    "injured": r"injur(?:y|ies|ed)|wounded|wounds|hurt",
    # "causalities" is how casualties is often mistyped
    "killed_or_injured": r"casualt(?:y|ies)|causalit(?:y|ies)|losses",
    "captured": r"hostages?|captives?|prisoners?\s+of\s+war|POWs?|abductees|detainees",
    "missing": r"missing",
    "hit": r"explosions?|blasts?|impacts?|hits",
    "launched": r"launches|salvos?",
    # "150,000 coalition forces in the country", "about 900 military personnel in Syria": a force's strength
    "deployed": r"troops|forces|personnel",
}
# People who take part in an attack are a force deployed ("some 100 militants attacked", "three suicide bombers
# then tried to enter").
ATTACKER_WORDS = (r"militants?|gunmen|fighters?|insurgents?|rebels?|jihadists?|bombers?|attackers?|assailants?|"
                  r"terrorists?|guerrillas?|soldiers?|troops|members?")
ATTACK_VERBS = (r"attack\w*|storm\w*|raid\w*|ambush\w*|assault\w*|enter\w*|stormed|overran|besieg\w*|tried|launched|"
                r"open(?:ed|ing)?\s+fire")

# Armed people, beside those who attack, whose presence somewhere is a force ("800 Marines arrived", "the UN has
# 12,000 peacekeepers"), and the verbs that tell that presence by who arrives, operates or holds ground, by who has or
# keeps them there, and by whom a place is held.
FORCE_PEOPLE_WORDS = ATTACKER_WORDS + (r"|peacekeepers?|marines|mercenaries|paratroopers|commandos|policemen|"
                                       r"police|gendarmes|servicemen|militiamen|reservists|forces|personnel")
PRESENCE_VERBS = (r"arriv\w*|operat(?:e|es|ed|ing)|control(?:s|led|ling)?|join(?:s|ed|ing)?|patroll?(?:s|ed|ing)?|"
                  r"advanc(?:e|es|ed|ing)|landed|positioned|based|flown|stationed|posted|garrisoned|guard(?:s|ed|ing)?|"
                  r"seen|spotted|sighted|present|"
                  r"man(?:s|ned|ning)|holding")
KEEP_VERBS = (r"maintain(?:s|ed|ing)?|keep(?:s|ing)?|kept|carr(?:y|ies|ied|ying)|transport(?:s|ed|ing)?|bus(?:s)?ed|"
              r"contribut(?:e|es|ed|ing)")
HELD_BY_VERBS = r"defended|guarded|protected|manned|held|secured|controlled|occupied|garrisoned"
# What people who are spared went through, as the label of an `other` fact.
SPARED_LABELS: dict[str, str] = {
    "prisoners_exchanged": r"free[ds]?|freeing|releas\w*|exchang\w*|swap\w*|trad(?:ed|ing)|sent\s+back|"
                           r"brought\s+(?:back|home)|"
                           r"handed\s+over",
    "bodies_returned": r"repatriated|return\w*|retriev\w*|recovered",
    "rescued": rf"rescued|saved|survived|{ALIVE}",
    "evacuated": r"evacuat\w*",
    "displaced": r"fled|flee|fleeing|displaced|forced\s+(?:out|from|to\s+flee)",
}
# Verbs of damage to things ("26 buildings were damaged", "five lorries destroyed").
DAMAGE_WORDS = (r"damag\w*|destroy\w*|ruin\w*|burn\w*|flatten\w*|level+ed|demolish\w*|hit|struck|blown\s+up|captured|"
                r"seized|took|taken|attacked|targeted|torch\w*|set\s+(?:on\s+)?fire|set\s+ablaze|razed|looted")
# Munitions handed over or held, not fired (labelling conventions: munitions/other): "supplied 5,000 rockets".
SUPPLY_WORDS = (r"suppl(?:y|ied|ies|ying)|deliver\w*|provid\w*|pledg\w*|donat\w*|shipp\w*|transferr\w*|stockpil\w*|"
                r"stock(?:ed|s)|produc\w*|manufactur\w*|purchas\w*|bought|ordered|received|acquir\w*")
# Verbs that hand munitions over when they name who receives them ("sent Kyiv 500 shells", "gave Ukraine 40
# missiles"); without a recipient "sent 50 drones" may be an attack.
TRANSFER_WORDS = r"sen[dt]s?|sending|gave|give[sn]?|giving|handed|sold|sells?|lent|lends?|offered|promised"
# Verbs that deny what they govern: "denied losing six missiles" states no loss.
DENIAL_WORDS = r"den(?:y|ied|ies|ying)|rejected|dismissed|refuted"
# Verbs of justice done to people ("12 suspects were arrested over the killings", "sentenced 12 men to death"): those
# arrested, charged or sentenced are no casualties, whatever the sentence says of the attack they answer for.
JUSTICE_WORDS = (r"arrest(?:ed|s|ing)?|sentenc(?:ed|es|ing)|convict(?:ed|s|ing)|charg(?:ed|es|ing)|jailed|imprisoned|"
                 r"indicted|prosecuted|questioned|interrogated|acquitted|tried")
# Words that make a statement not a fact: it did not happen, or has not happened yet.
NEGATION_WORDS = r"not|n't|never|no|none|nobody|without"
MODAL_WORDS = r"could|would|might|may|can|should|will|shall|must"
INTENT_WORDS = (r"plans?|planned|planning|intends?|intended|threaten\w*|wants?|wanted|aims?|aimed|seeks?|sought|"
                r"prepar\w*|expects?|expected|hopes?|proposed?|consider\w*|able|ready|capable|accommodate|"
                r"would|could")

# ---- who says so, where and when -------------------------------------------------------------------------------

REPORTING_WORDS = (r"said|says|say|saying|reported|reports|report|reporting|told|tells|tell|announced|announces|"
                   r"claimed|claims|stated|states|mentioned|noted|added|adding|confirmed|confirms|wrote|writes|"
                   r"posted|estimated|estimates|quoted|cited|according|declared|informed|specified|clarified|"
                   r"indicated|revealed|disclosed|explained|warned|insisted|acknowledged|admitted")
# What words go out in ("in a post on Telegram", "a video on YouTube"): the platform after "on" is no place and no
# speaker.
MEDIUM_WORDS = (r"posts?|statements?|messages?|videos?|address|channels?|accounts?|pages?|broadcasts?|interviews?|"
                r"platforms?|media|websites?|apps?")
# Those whose seeing is their account: "a Reuters witness saw four bodies" states the count.
OBSERVER_WORDS = r"witness(?:es)?|correspondents?|reporters?|journalists?|photographers?"
# Nouns that name a toll as a whole: "the ministry confirmed the casualties" states the counts told before it.
TOLL_WORDS = r"casualties|deaths|fatalities|injuries|losses|killings|toll|tolls|figures|numbers"
# Words that name an office, not who holds it: "the police spokesman, Ali Khan, said" is Ali Khan speaking.
TITLE_WORDS = (r"spokes(?:man|woman|person)|officer|official|commander|chief|head|governor|mayor|minister|director|"
               r"secretary|president|general|colonel|captain|major|lieutenant|sergeant|superintendent|inspector|"
               r"commissioner|administrator|representative|envoy|ambassador|deputy|adviser|advisor|coordinator|"
               r"chairman|chairperson|leader|commandant")
# The nouns after which a name is a town or the region around it ("the Kharkiv region", "Gao city"), and with them
# those that follow a name for something else ("Red Sea", "Lebanon border", "Israeli side").
ADMIN_NOUNS = (r"region|oblast|province|district|city|town|village|governorate|state|county|area|areas|territory|"
               r"municipality|commune|department|settlement|neighbou?rhood|regions|provinces|townships?|locality")
# Of those, the nouns after which a name is the town itself ("Gaza City", "Nuseirat camp"), not a region around it.
TOWN_NOUNS = r"city|town|village|settlement|camp"
# Of those, the nouns after which a name is the region around a town of that name: "the Belgorod region" is not
# Belgorod.
REGION_NOUNS = r"region|oblast|province|governorate|state|county|district|department|municipality"
# The nouns after a name that only say around it: "the Mir Ali area" is Mir Ali.
AROUND_NOUNS = r"area|areas|outskirts|vicinity|surroundings"
# The nouns whose "of" names the place itself, whatever words before them describe it ("the Black Sea city of Odesa",
# "Yemen's Red Sea port city of Hodeida"); after a region's own name, its "of" says where it lies ("the Kursk region of
# Russia").
SETTLEMENT_OF_NOUNS = r"city|town|village|settlement|port"
# The nouns of a facility named for the town it serves ("Erbil airport", "the Hodeidah port", "the Rafah crossing"):
# near that town, not in it.
NEAR_TOWN_NOUNS = r"airport|airfield|air\s?base|port|harbou?r|crossing"
# The words some countries give their districts, which the news keeps ("Bokkos LGA", "Kurram Agency", "Ansongo
# cercle"): a district's, as "district" is.
DISTRICT_WORDS = r"LGA|local\s+government\s+area|agency|cercle|raion|rayon"
# Who a camp shelters, said before "camp" ("Jenin refugee camp", "an IDP camp"): the camp all the same.
CAMP_KINDS = r"refugees?|displacement|displaced(?:\s+persons)?|IDPs?|internally\s+displaced"
PLACE_NOUNS = ADMIN_NOUNS + (r"|camp|base|border|front|frontline|coast|strip|sea|straits?|island|capital|port|valley|"
                             r"side|prisons?|envelope|community|" + NEAR_TOWN_NOUNS)
# The nouns of a named site, beside the place nouns, that an event may be at ("the Dar al-Arqam displacement center",
# "the Gulf of Oman", "the southern plains"): offered to a model as places, never code's own pick.
SITE_NOUNS = NEAR_TOWN_NOUNS + (r"|cent(?:er|re)|hospital|clinic|market|school|mosque|church|straits?|gulf|plains?|"
                                r"sector|square")
# The nouns an article refers back to one violent event by ("killed in the attack", "The ambush took place near X",
# "…, where the clash occurred").
EVENT_NOUNS = (r"attack|strike|air\s?strike|raid|blast|explosion|shelling|ambush|assault|bombing|clash|fighting|"
               r"firefight|gunfight|encounter|massacre|incident")
# Prepositions of place. Those that tie a place to the event their clause states ("killed in Kherson"); those a
# place name may follow at all; those that say where most surely (a name after them is a place unless it is a date
# or a number); where weapons came from, never where they struck.
TIED_PREPOSITIONS = ("in", "near", "over", "above", "at", "on", "across", "outside", "around", "inside", "within", "into", "to",
                     "toward", "towards", "against")
LOCATIVE_PREPOSITIONS = ("in", "near", "over", "above", "at", "across", "outside", "around", "inside", "within", "into", "to", "toward",
            "towards", "against", "on", "off", "from", "along", "throughout", "through", "of")
STRONG_PREPOSITIONS = ("in", "near", "at", "outside", "inside", "across", "around", "over", "above", "within")
ORIGIN_PREPOSITIONS = ("from",)
# Verbs whose prepositional object is who is held responsible, not a place ("blamed on the United States").
BLAME_VERBS = ("blame", "blamed", "blames", "blaming", "attribute", "attributed", "attributes", "attributing")
# Verbs of a person's journey: where a person arrives or visits is no place of the counted events ("the minister
# arrived in Georgia").
TRAVEL_VERBS = r"arriv\w*|visit\w*|travel\w*|flew|fly|flies|flying"
# Verbs of taking the hurt or dead for care, and the places of care: where they were taken is not where they were hurt
# ("took two wounded officers to the hospital in Mitrovica").
CARE_VERBS = r"take|taken|took|taking|rushed|transport\w*|brought|airlifted|admitted|hospitali[sz]ed|treated"
CARE_NOUNS = r"hospitals?|clinics?|morgues?|infirmary"
# Verbs that move the hurt away: the town they were moved to is no place of the event ("evacuated to the capital").
EVACUATION_VERBS = r"evacuat\w*|airlift\w*|medevac\w*"
# The prefixes of ships' names: a ship struck is a target, not a place (a missile aimed at "the MV Some Name" sailing in
# a gulf happened in the gulf).
VESSEL_PREFIXES = r"MV|M/V|MT|M/T|MSC|USS|USNS|HMS|HMAS|HMCS|RFS|INS|SS"
# Verbs whose object is where the event happened: "Russia attacked the Odesa region", "shelled Kherson".
STRUCK_VERBS = (r"attack\w*|struck|strikes?|hit|hits|shell\w*|bomb\w*|target\w*|raid\w*|storm\w*|ambush\w*|"
                r"pounded|pound|besieged|invaded|captured|seized|rock(?:ed|s|ing)?|sh(?:ook|akes?|aking)")

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Date words that may run over midnight ("late Thursday", "overnight into Friday"): an incident they date may span two
# days.
NIGHT_WORDS = r"night|nights|overnight|tonight|evening|late|early|dawn|pre-dawn|midnight"
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
# A month's name, or its abbreviation with or without a full stop ("Jan 30", "Oct. 7, 2023"), as a pattern.
MONTH_NAME = "(?:" + "|".join(m.capitalize() for m in MONTHS) + "|(?:" + "|".join(
    a.capitalize() for a in MONTH_ABBREVIATIONS) + r")\.?)"
# A month's name or abbreviation → its number (January 1).
MONTH_NUMBERS = {**{m: i for i, m in enumerate(MONTHS, 1)},
                 **{a: next(i for i, m in enumerate(MONTHS, 1) if m.startswith(a[:3])) for a in MONTH_ABBREVIATIONS}}


def words(pattern: str) -> re.Pattern:
    """A word list as a pattern: any of its words, on word boundaries, any case."""
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


# The years a publication date may have: outside them a date is a typing error (and 0001-01-01 less a week leaves
# the calendar).
PUBLICATION_YEARS = (1800, 2200)

# ---- what happened, and who did it to whom (an event's type and actors) ------------------------------------------

# ACLED's event and sub-event types, each with the words that name it, most specific first: the first that a fact's
# sentence names types the fact's event. A munition's weapon class types it before any words do.
AIR_STRIKE = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
EVENT_KINDS = (
    (("Explosions/Remote violence", "Suicide bomb"), r"suicide\s+(?:bomb\w*|attack\w*|blast|vest)"),
    (("Explosions/Remote violence", "Remote explosive/landmine/IED"),
     r"IEDs?|roadside\s+bombs?|car\s+bombs?|landmines?|mines?|explosive\s+devices?|improvised\s+explosive"),
    (("Explosions/Remote violence", "Grenade"), r"grenades?"),
    (AIR_STRIKE,
     r"air\s*strikes?|drone\s+strikes?|drone\s+attacks?|drones?|warplanes?|aircraft|air\s+raids?|bombers?|"
     r"glide\s+bombs?|paramotors?|helicopters?|jets?|bombed|bombing|bombardment"),
    (SHELLING,
     r"shell\w*|artillery|missiles?|rockets?|mortars?|barrages?|projectiles?"),
    (("Violence against civilians", "Abduction/forced disappearance"),
     r"abduct\w*|kidnap\w*|hostages?|taken\s+captive"),
    (("Battles", "Armed clash"), r"clash\w*|fighting|firefights?|battles?|ambush\w*|gunfight\w*|exchange\s+of\s+fire"),
    (("Violence against civilians", "Attack"),
     r"gunmen|massacre\w*|opened\s+fire|shot\s+dead|stormed|raided"),
)
# The weapon classes of munitions that type their event.
WEAPON_EVENT_KINDS = {"drone": AIR_STRIKE, "aircraft": AIR_STRIKE, "glide_bomb": AIR_STRIKE, "missile": SHELLING,
                      "rocket": SHELLING, "artillery": SHELLING}
# Verbs and nouns of an attack, whose subject (or agent, or the people or side named before the noun) is the attacker
# and whose object the attacked.
VIOLENCE_VERBS = (r"attack\w*|strik\w*|struck|launch\w*|fire|fired|firing|shell\w*|bomb\w*|hit|hits|target\w*|"
                  r"kill\w*|storm\w*|raid\w*|ambush\w*|shoot\w*|shot|abduct\w*|kidnap\w*|massacre\w*|pound\w*|"
                  r"bombard\w*|detonat\w*|invad\w*|assault\w*|execut\w*|besieg\w*|murder\w*|slaughter\w*|"
                  r"opened|open|opens")
VIOLENCE_NOUNS = (r"attacks?|strikes?|air\s*strikes?|raids?|assaults?|offensive|ambush|bombings?|bombardment|"
                  r"shelling|barrage|massacre|onslaught|incursion|shooting")
# Words for a side that acts, beyond the names of peoples, groups and states.
ACTOR_NOUNS = ATTACKER_WORDS + (r"|forces|army|military|bandits?|herders?|police|militias?|militiamen|"
                                r"paramilitar\w*|junta|regime|navy|air\s+force|extremists?|separatists?|settlers?|"
                                r"mercenaries")
# Words that make a count a total over a span of time ("since October", "so far this year"): a toll of its own,
# never one strike's.
_SPAN_COUNT = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several)"  # "the last six years"
CUMULATIVE_WORDS = (r"since|so\s+far|to\s+date|cumulative|throughout|"
                    rf"(?:this|last|past|previous|whole|entire)\s+(?:{_SPAN_COUNT}\s+)?(?:years?|months?|weeks?)|"
                    rf"(?:last|past|previous)\s+{_SPAN_COUNT}\s+days|within\s+a\s+(?:week|month|year)|"
                    r"(?:since|from)\s+the\s+(?:start|beginning|outbreak)|"
                    r"(?:of|in)\s+the\s+(?:\w+\s+)?(?:war|conflict)|"
                    r"total\s+number|latest\s+(?:official\s+)?(?:figures|data|statistics|tally)")
# The people an attack falls on, when the article names no side.
TARGET_NOUNS = r"civilians?|villagers?|residents?|worshippers?|protesters?|farmers?|students?|journalists?|children"
