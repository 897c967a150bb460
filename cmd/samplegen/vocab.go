package main

// The vocabulary: a made-up team, its projects, and the sentences its
// notes are made of. Slots in braces are filled per paragraph (see fill):
//
//	{p} {q}        two teammates' first names ({P} {Q}: linked to their pages)
//	{proj} {Proj}  the section's project (linked), {client} its client,
//	               {feat} {feat2} two of its features
//	{tool} {tool2} two technologies; {task} {finding} {plan} generic work
//	{day} {day2}   weekdays; {n} a small number, {big} a large one
//	{place} {city} {event} {book} {thing} {food} {prospect}

// person is someone of the archive. The made-up team has weeks in the
// team; the seeds' authors and the colleague they name (real people) are
// in the archive only as the seeds' people, with pages that say so.
type person struct {
	slug, first, last string
	from, to          int // the weeks they were in the team; 0, 0: not in the made-up team
	site              string
	github            string
	bio               []string
	hue               int // the photo's colour, 0-359
}

func (p *person) full() string { return p.first + " " + p.last }

func (p *person) activeIn(week int) bool { return p.from > 0 && week >= p.from && week <= p.to }

var people = []*person{
	{slug: "nia-okafor", first: "Nia", last: "Okafor", from: firstWeek, to: lastWeek, site: "nia-okafor.example.org", github: "nia-okafor-example", hue: 12,
		bio: []string{
			"Nia started the team with Ravi and Tom in 2014, after a decade of building web applications for charities and local councils. She cares about services that work for the people who have the least time to learn them.",
			"Outside work she grows far too many tomatoes and is slowly walking every route in Moor Maps.",
		}},
	{slug: "ravi-menon", first: "Ravi", last: "Menon", from: firstWeek, to: lastWeek, site: "ravi-menon.example.org", hue: 205,
		bio: []string{
			"Ravi is a developer who likes databases, deployment pipelines and deleting code. Before the team he ran the infrastructure of a small online bookshop.",
			"He keeps the team's accounts in order and has opinions about spreadsheets.",
		}},
	{slug: "tom-hartley", first: "Tom", last: "Hartley", from: firstWeek, to: 418, site: "tom-hartley.example.org", hue: 95,
		bio: []string{
			"Tom was one of the three people who started the team. He worked on Tally, Lantern and the first version of Harbour Bookings before moving to Bristol in 2016 to join a games studio.",
		}},
	{slug: "elsa-lindqvist", first: "Elsa", last: "Lindqvist", from: 364, to: lastWeek, site: "elsa-lindqvist.example.org", github: "elsa-example", hue: 280,
		bio: []string{
			"Elsa joined in 2015 as a designer who writes code. She has worked on everything from printed library cards to map legends, and runs the team's fortnightly show and tell.",
		}},
	{slug: "priya-raman", first: "Priya", last: "Raman", from: 482, to: lastWeek, site: "priya-raman.example.org", hue: 330,
		bio: []string{
			"Priya joined in April 2018, the team's fourth member at the time. She came from a research software group and brought with her a love of test suites that run in seconds.",
		}},
	{slug: "owen-pryce", first: "Owen", last: "Pryce", from: 522, to: lastWeek, site: "owen-pryce.example.org", hue: 160,
		bio: []string{
			"Owen joined in 2019 after an apprenticeship with a co-operative web agency in Cardiff. He is the team's first apprentice-turned-developer and its best baker.",
		}},
	// The seeds' people.
	{slug: "chris-lowis", first: "Chris", last: "Lowis", hue: 40,
		bio: []string{"Chris Lowis wrote [week 474](/week-474), one of the two real posts among this sample archive's made-up ones. The rest of the archive, and this page, were written by the Weeknotes sample generator."}},
	{slug: "chris-roos", first: "Chris", last: "Roos", hue: 230,
		bio: []string{"Chris Roos wrote [week 473](/week-473), one of the two real posts among this sample archive's made-up ones (it is a draft: `serve --drafts` shows it). The rest of the archive, and this page, were written by the Weeknotes sample generator."}},
	{slug: "james-mead", first: "James", last: "Mead", hue: 135,
		bio: []string{"James Mead is named in the two real posts among this sample archive's made-up ones. The rest of the archive, and this page, were written by the Weeknotes sample generator."}},
}

// project is a piece of work the team did for a client, in a span of weeks.
type project struct {
	slug, name, client, url string
	from, to                int
	about                   []string
	features                []string
	sentences               []string // what only this project's sections say
}

var projects = []*project{
	{slug: "tally", name: "Tally", client: "a housing co-operative", url: "https://tally.example.org/", from: firstWeek, to: 352,
		about:    []string{"Tally is the shared bookkeeping tool of a housing co-operative: members record what they spend, the treasurer reconciles it against the bank, and the quarterly accounts come out the other end."},
		features: []string{"the bank feed import", "the VAT return export", "the treasurer's dashboard", "receipt uploads", "the quarterly report"},
		sentences: []string{
			"The treasurer showed us the spreadsheet Tally replaces; it has {big} rows and a tab called FINAL-final-2.",
			"{p} changed the bank feed import so that a payment split across two lines is matched once, not twice.",
			"We agreed with the co-op's members to switch off the old spreadsheet at the end of the quarter.",
			"The VAT export now rounds the way the tax office expects, which took three attempts and a phone call.",
		}},
	{slug: "lantern", name: "Lantern", client: "a county library service", url: "https://lantern.example.org/", from: 330, to: 414,
		about:    []string{"Lantern lets people reserve, renew and collect books from a county's thirty branch libraries, on a phone or at the counter. We built it with the library service's own staff, who run it today."},
		features: []string{"the reservations queue", "barcode scanning at the counter", "overdue reminders", "the branch opening hours", "the reading challenge for children"},
		sentences: []string{
			"Librarians at the {city} branch tried the new counter screens and asked for bigger buttons, so we made them bigger.",
			"{p} found that the reservations queue was ordering by the time a request was edited rather than made.",
			"The summer reading challenge signed up {big} children in its first week, rather more than anyone expected.",
			"We spent a morning at a branch watching how people actually collect their reservations, which changed our plans for {feat}.",
		}},
	{slug: "harbour-bookings", name: "Harbour Bookings", client: "a small harbour authority", url: "https://harbour.example.org/", from: 392, to: 452,
		about:    []string{"Harbour Bookings is how visiting boats book a mooring at a small harbour on the south coast: a calendar of berths, warnings about the tides, and invoices the harbour master no longer writes by hand."},
		features: []string{"the mooring calendar", "tide time warnings", "invoices for visiting boats", "the harbour master's day sheet", "the waiting list for winter berths"},
		sentences: []string{
			"The harbour master printed the day sheet for the first time without correcting it in pen, which we are counting as a launch.",
			"{p} read the tide tables' licence twice before we imported them, and we now credit the source on every page.",
			"Boats over twelve metres need two berths, which the calendar now understands.",
			"We went to the harbour on {day} and watched bookings come in from the quay; the office has one bar of signal.",
		}},
	{slug: "asset-manager", name: "Asset Manager", client: "a government department", url: "https://github.com/alphagov/asset-manager", from: 440, to: 486,
		about:    []string{"Asset Manager stores and serves the files that government publishers attach to their pages: PDFs, spreadsheets and the occasional photograph. We helped a team move millions of attachments into it and off the servers that held them before. The two real posts of this sample archive, weeks 473 and 474, are about this work."},
		features: []string{"the attachment migration", "access-limited assets", "draft assets", "redirects for replaced files", "the virus scanning queue"},
		sentences: []string{
			"{p} migrated another batch of attachments and checked a sample of them by hand against the old servers.",
			"Access-limited assets now check the user's organisation before they are served, not after.",
			"We wrote up how replaced files redirect to their replacements, for the team who will look after it next.",
			"A spike in the virus scanning queue turned out to be one publisher uploading the same spreadsheet {big} times.",
		}},
	{slug: "moor-maps", name: "Moor Maps", client: "a national park authority", url: "https://moormaps.example.org/", from: 478, to: 536,
		about:    []string{"Moor Maps is a national park's walking route guide: routes with elevation profiles, how accessible each one is, and maps that keep working when the phone signal doesn't."},
		features: []string{"offline map tiles", "route elevation profiles", "the accessibility ratings", "the route printing page", "the ranger's update form"},
		sentences: []string{
			"The rangers walked three routes with the new offline tiles and lost signal on all of them, as planned.",
			"{p} redrew the elevation profiles so that a steep climb looks steep on a small screen.",
			"We met a group of wheelchair users who rated twelve routes with us; the accessibility ratings are theirs now.",
			"Printed routes fit on one side of A4 again, with the legend where walkers said they look for it.",
		}},
	{slug: "seed-swap", name: "Seed Swap", client: "a network of community gardens", url: "https://seedswap.example.org/", from: 512, to: lastWeek,
		about:    []string{"Seed Swap helps community gardens exchange seeds they have saved: a catalogue of what each garden has spare, requests that match growers to seeds, and a printed catalogue for members who don't do email."},
		features: []string{"swap matching", "the postcode search", "the printed catalogue", "the germination notes", "parcel labels"},
		sentences: []string{
			"The printed catalogue went to {big} members this spring; {p} set it in two columns so the variety names don't wrap.",
			"Swap matching now prefers gardens close to each other, since seeds travel better than postage costs suggest.",
			"A garden in {city} has {n} kinds of runner bean spare, and now everyone knows.",
			"{p} added germination notes, which turned out to be what growers read first.",
		}},
}

// The weeks the made-up archive spans: October 2014 to October 2019.
const (
	firstWeek = 300
	lastWeek  = 560
)

var (
	tools     = []string{"Postgres", "Redis", "Rails", "Go", "Elm", "Sidekiq", "Terraform", "Docker", "Nginx", "Elasticsearch", "SQLite", "Heroku", "Ansible", "S3", "CloudFront", "Webpack", "Stimulus", "Prometheus", "Mocha"}
	days      = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	places    = []string{"the co-working space by the canal", "the library's study room", "a borrowed meeting room at the client's office", "our kitchen tables", "the cafe with the good wifi"}
	cities    = []string{"Bristol", "Leeds", "Manchester", "Sheffield", "Glasgow", "Cardiff", "Norwich", "Exeter", "Newcastle", "Brighton"}
	events    = []string{"the regional Ruby meetup", "a Go user group", "an accessibility conference", "a one-day conference on public services", "the co-op network's gathering", "a local hack day"}
	books     = []string{"a book about working in small teams", "a long essay on accessible maps", "a history of public libraries", "a book on designing forms", "a guide to running retrospectives"}
	prospects = []string{"a housing charity", "a city council's parks team", "a museum", "a small publisher", "a community energy co-op", "a university library", "a food bank network"}
	foods     = []string{"dumplings", "a very large pie", "falafel wraps", "pizza", "a picnic in the park", "fish and chips by the river"}
	tasks     = []string{
		"moving the background jobs to {tool}", "tidying up the test suite, which now runs in under {n} minutes",
		"adding an audit log to the admin pages", "upgrading to the newest {tool}", "profiling the slowest pages",
		"making the forms work with a screen reader", "writing a runbook for whoever is on call",
		"removing a feature flag that had outlived its use", "cutting the page weight of the home page in half",
		"replacing a hand-rolled cache with {tool}", "writing the handover notes",
	}
	findings = []string{
		"the slow query was a missing index", "most of the time went on rendering templates",
		"we had been caching the wrong thing", "the flaky test depended on the order of a hash",
		"a third of the requests came from one misbehaving bot", "the retry logic retried forever",
		"nobody had used the export since 2012",
	}
	plans = []string{
		"ship {feat} to everyone", "finish {feat}", "show {feat} to the people who will use it",
		"write down what we learned about {feat}", "get {feat} in front of real users",
	}
	things = []string{
		"{p} fixed the office printer, possibly forever.", "We had lunch together on {day}: {food}.",
		"{p} gave a short talk at {event}.", "Our accountant sent us a very clear note about VAT.",
		"{p} finished reading {book} and has lent it to {q}.", "The plant in the corner has a new leaf.",
		"We paid every invoice on time this month.", "{p} found a bug in {tool} and sent a patch upstream.",
		"{q} ran a lunchtime session on keyboard shortcuts.", "We tried a meeting-free {day} and liked it.",
		"{p} and {q} went to {event} in {city}.", "Someone left cake in the kitchen. Thank you, whoever you are.",
	}
)

// topic is a kind of section a week's note may have: its heading (or one
// of its spellings, which the topic table folds), and the sentences its
// paragraphs are made of.
type topic struct {
	headings  []string // the first is the usual one; others appear now and then
	weight    int      // how often, out of a hundred weeks
	bullets   bool     // a list of small things rather than paragraphs
	sentences []string
}

var topics = []topic{
	{headings: []string{"CoTech"}, weight: 18, sentences: []string{
		"{p} joined the co-op network's monthly call, where the talk was mostly about shared contracts.",
		"We went to the CoTech gathering in {city}: two days of workshops and one very long dinner.",
		"Another co-op asked whether we could help on a bid; we said yes to a conversation.",
		"{p} helped rewrite the network's membership criteria so that they say what everyone already assumes.",
		"The network's shared job board has {n} new posts this week.",
	}},
	{headings: []string{"Business development"}, weight: 22, sentences: []string{
		"We met {prospect} about a project that might start in the spring.",
		"{p} wrote a proposal for a small discovery piece and sent it on {day}.",
		"A lead from last year got back in touch, which was a nice surprise.",
		"We talked about how many projects we can run at once and decided the answer is two.",
		"{p} and {q} had coffee with a designer who often needs developers for short projects.",
	}},
	{headings: []string{"Hiring"}, weight: 6, sentences: []string{
		"We published a job advert and have had {n} applications so far.",
		"{p} and {q} interviewed two people on {day} and enjoyed both conversations.",
		"We rewrote the advert to say what the job is actually like, week to week.",
		"We agreed to pay everyone who comes to a paired interview for their time.",
	}},
	{headings: []string{"Office", "Office hunt"}, weight: 10, sentences: []string{
		"We worked from {place} for most of the week.",
		"{p} looked round two possible offices; one had stairs and no lift, so that's a no.",
		"The co-working space is raising its prices, so we are thinking again about where we work.",
		"We bought two more monitors and a proper chair for {q}.",
	}},
	{headings: []string{"Social"}, weight: 14, sentences: []string{
		"We had our monthly drinks on {day} and a few old colleagues came along.",
		"The team went for {food} after the show and tell.",
		"{p} organised a walk along the river for anyone who fancied some air at lunchtime.",
		"We played a board game that took much longer than the box said.",
	}},
	{headings: []string{"Finance", "Cash flow", "Cashflow"}, weight: 12, sentences: []string{
		"{p} did the month's bookkeeping and the numbers look healthy.",
		"We invoiced for the last iteration on {day} and were paid within a week.",
		"Our accountant explained how to treat the co-working membership, which we had been doing wrong.",
		"We looked at the next three months of cash flow and can afford a quiet month, if we need one.",
		"We moved the reserve into a savings account that pays slightly more than nothing.",
	}},
	{headings: []string{"Open source"}, weight: 12, sentences: []string{
		"{p} released a new version of our small {tool} library with a fix someone sent in.",
		"We spent a Friday afternoon closing old issues on our open source projects.",
		"{p} sent a pull request to {tool} to fix a confusing error message.",
		"We moved our libraries' continuous integration to a new service, which took longer than it should have.",
	}},
	{headings: []string{"Events", "Conferences"}, weight: 10, sentences: []string{
		"{p} spoke at {event} about what we learned from {proj}.",
		"We went to {event} in {city}; the best talk was about paper prototypes.",
		"{p} ran a workshop on accessible forms and used the notes in our next project straight away.",
		"We sponsored the coffee at {event}, which seemed the most useful thing to pay for.",
	}},
	{headings: []string{"Learning"}, weight: 8, sentences: []string{
		"Our reading group finished {book}; the chapter on estimates started the best argument.",
		"{p} did a short course on {tool} and showed the rest of us what it's good at.",
		"We paired on a kata every morning this week, which was more fun than expected.",
	}},
	{headings: []string{"Holidays"}, weight: 10, sentences: []string{
		"{p} was on holiday all week, somewhere with no signal at all.",
		"{q} was off on {day} for a family birthday.",
		"We have all booked time off over the summer and written it on the shared calendar this time.",
	}},
	{headings: []string{"Retrospective"}, weight: 6, sentences: []string{
		"We held a quarterly retrospective on {day}; the board filled up with green notes for once.",
		"The retrospective's main action is to write shorter notes in the project channel.",
		"We agreed to stop working on more than one project on the same day.",
	}},
	{headings: []string{"Remote working", "Remote work"}, weight: 8, sentences: []string{
		"{p} worked from {city} for the week and we tried to make the meetings work for everyone.",
		"We bought a better microphone for the meeting room, and it helps.",
		"Writing things down, rather than saying them across the desk, is a habit we are still learning.",
	}},
	{headings: []string{"Miscellaneous", "Miscellany", "Miscellanea"}, weight: 10, sentences: []string{
		"We renewed the domain names a week before they expired, which is a record.",
		"{p} tidied the shared drive and found the original business plan.",
		"The website got a small redesign of its footer.",
	}},
	{headings: []string{"Other Good Things", "In other news"}, weight: 30, bullets: true},
}

var (
	openings = []string{
		"Howdi folks.", "Hello everyone.", "Hello again.", "Another week, another set of notes.",
		"Week beginning {monday}.", "", "", "", "", "",
	}
	intros = []string{
		"Most of us worked from {place} this week; {p} was at home on {day}.",
		"It was a short week for {p}, who was off on {day}.",
		"A busy week, mostly on {proj}, with some time for the things around the edges.",
		"We spent the week on {proj}, with a couple of meetings about what comes next.",
		"{p} and {q} were at the client's office on {day} and {day2}; the rest of us were at {place}.",
	}
	closings = []string{
		"That's all for this week.", "Until next time.", "That's it for now.", "See you next week.",
		"That's all folks!", "Have a good weekend.",
	}
	projectSentences = []string{
		"{p} spent most of the week on {proj}, {task}.",
		"We deployed {feat} on {day}, after one false start with {tool}.",
		"{p} and {q} paired on {feat} and found that {finding}.",
		"The {proj} team asked us to look at {feat2}; we think the trouble is that {finding}.",
		"We had our fortnightly show and tell with {client} and demoed {feat}.",
		"Next week we hope to {plan}.",
		"{P} has been {task}, which should make {feat} easier to change.",
		"We ran a short usability session on {feat} with {n} people, and watched every one of them miss the same button.",
		"The budget for this phase of {Proj} runs out in {n} weeks, so we agreed with {client} what matters most.",
		"{q} reviewed the error logs and found that {finding}.",
		"{p} spent a day persuading {tool} to do what its documentation says it does.",
		"We replaced a hand-rolled queue in {proj} with {tool} and deleted {n} hundred lines.",
		"{feat} now keeps its state in {tool} rather than in the session, so a deploy no longer logs anyone out.",
		"{p} wrote up how {feat} works for {client}'s developers, with diagrams.",
		"We moved {proj}'s staging site from {tool} to {tool2}; the bill is smaller and the deploys quicker.",
	}
)

// showAndTell is one of the fortnightly show and tells, some with a picture.
type showAndTell struct {
	slug, title string
	sentences   []string
	image, alt  string // a picture under images/, "" for none
}

var showAndTells = []showAndTell{
	{slug: "a-tide-clock", title: "A tide clock", image: "blog/tide-clock.jpg", alt: "The tide clock on the office wall",
		sentences: []string{"{p} built a clock whose one hand shows the state of the tide at the harbour, from the same tables Harbour Bookings uses.", "It runs on a small microcontroller and checks the tables once a day.", "It is now on the office wall and nobody has missed high tide since."}},
	{slug: "lantern-queue-times", title: "How long a reservation takes", image: "blog/lantern-queue-times.png", alt: "Median days from reserving a book to collecting it, by month",
		sentences: []string{"{p} charted how long people waited for a reserved book, month by month, since Lantern started.", "The drop in the spring is the new transport van between branches.", "The library service now shows the chart to its board every quarter."}},
	{slug: "walking-the-routes", title: "Walking the Moor Maps routes", image: "blog/moor-maps-elevation.png", alt: "The elevation profile of the Long Tor route, climbing to 540 metres",
		sentences: []string{"{p} walked the Long Tor route with the offline tiles and a paper map, to see which one gave up first.", "The profile on the route page now shows where the climbs are, not just how high they go.", "Neither map gave up; the walker nearly did."}},
	{slug: "our-retro-board", title: "Our retrospective board", image: "blog/retro-board.png", alt: "The retrospective board: columns of green, yellow and pink notes",
		sentences: []string{"{p} showed the board from our quarterly retrospective and how we group the notes.", "Green notes are what went well, yellow what puzzled us, pink what we want to change.", "We keep a photograph of every board and compare them once a year."}},
	{slug: "where-the-seeds-went", title: "Where the seeds went", image: "blog/seed-swap-map.png", alt: "A map of the swaps between gardens: lines between dots",
		sentences: []string{"{p} drew a map of every swap made through Seed Swap in its first season.", "Most seeds travel less than thirty miles; a few go the length of the country.", "The gardens asked for a copy to print for their noticeboards."}},
	{slug: "a-keyboard-from-a-kit", title: "A keyboard from a kit",
		sentences: []string{"{p} built a small keyboard from a kit, soldering every switch by hand.", "It has no number row, which has taught us all how often we type numbers.", "The case is a piece of oak from a broken chair."}},
	{slug: "sourdough-timings", title: "A spreadsheet for sourdough",
		sentences: []string{"{p} showed the spreadsheet that decides when to feed the starter and when to bake.", "It knows the temperature of the kitchen, roughly.", "There was bread."}},
	{slug: "a-doorbell-that-messages", title: "A doorbell that sends a message",
		sentences: []string{"{p} made the office doorbell post a message to our chat, so nobody misses a delivery.", "It took an afternoon, a tiny computer and most of a roll of tape.", "The courier now waves at the camera."}},
	{slug: "a-tiny-site-generator", title: "A tiny static site generator",
		sentences: []string{"{p} wrote a static site generator in two hundred lines of {tool}, for the fun of it.", "It reads a folder of Markdown files and writes a folder of pages, and nothing else.", "We may use it for the co-op network's events page."}},
	{slug: "a-weather-station", title: "A weather station on the roof",
		sentences: []string{"{p} put a small weather station on the roof, with the landlord's blessing.", "It reports the temperature, the wind and the rain every five minutes.", "The wind is mostly from the south west, as the trees already said."}},
	{slug: "learning-to-solder", title: "Learning to solder",
		sentences: []string{"{p} spent a Saturday at a repair cafe learning to solder and fixed two lamps and a radio.", "The trick is to heat the joint, not the solder.", "The radio only gets one station, but it gets it very well."}},
}

// techPosts are the blog posts about work on a project: a title, the
// problem, what was tried and what was learned, and a snippet of code.
type techPost struct {
	title    string // with {proj}
	problem  []string
	tried    []string
	learned  []string
	lang     string
	code     string
	headings [3]string
}

var techPosts = []techPost{
	{title: "Moving {proj}'s background jobs to Sidekiq", lang: "ruby",
		headings: [3]string{"The problem", "What we did", "What we learned"},
		problem:  []string{"{proj} sends reminders, builds reports and imports files in the background. The old job queue kept its work in the database and polled it every few seconds, and at busy times the jobs fell behind by an hour."},
		tried:    []string{"We moved the jobs to Sidekiq, one kind at a time, with both queues running side by side for a week.", "Each job was made safe to run twice, since a queue that retries will sooner or later run a job twice."},
		learned:  []string{"Making every job idempotent was most of the work, and worth it on its own.", "The reminders now go out within a minute of being due."},
		code:     "class SendReminderJob\n  include Sidekiq::Job\n\n  def perform(reservation_id)\n    reservation = Reservation.find_by(id: reservation_id)\n    return if reservation.nil? || reservation.reminded?\n\n    ReminderMailer.due(reservation).deliver_now\n    reservation.update!(reminded_at: Time.current)\n  end\nend"},
	{title: "Load testing {proj} before the busy season", lang: "sh",
		headings: [3]string{"Why", "How", "What we found"},
		problem:  []string{"{proj} has one busy month a year, and it arrives all at once. We wanted to know what would break before our users found out."},
		tried:    []string{"We replayed a day of real traffic, made anonymous, at ten times its speed against a copy of production.", "We watched the database, the application servers and the queue, and changed one thing at a time."},
		learned:  []string{"The first thing to fall over was not the database but the connection pool in front of it.", "Two missing indexes and a bigger pool later, the copy handled fifteen times a normal day."},
		code:     "wrk -t2 -c64 -d60s --latency -s replay.lua https://staging.example.org/"},
	{title: "Making {proj} work without a signal", lang: "js",
		headings: [3]string{"The problem", "What we built", "What's next"},
		problem:  []string{"The people who use {proj} most are often where the phone signal is worst."},
		tried:    []string{"A service worker now keeps the pages and data someone has looked at, and a small queue holds what they change until the network returns.", "We tested it by walking to the places with the worst signal we could find."},
		learned:  []string{"Telling people plainly that they are offline, and what will happen to their changes, mattered more than any clever syncing.", "Next we want to let people choose what to keep for offline use before they set off."},
		code:     "self.addEventListener('fetch', event => {\n  event.respondWith(\n    caches.match(event.request).then(hit => hit || fetch(event.request))\n  );\n});"},
	{title: "Halving {proj}'s test suite time", lang: "go",
		headings: [3]string{"Where the time went", "What we changed", "Lessons"},
		problem:  []string{"The test suite for {proj} had crept up to twelve minutes, long enough that people stopped running it before pushing."},
		tried:    []string{"We timed every test and found that a fifth of them spent most of their time waiting on fixed sleeps.", "The sleeps became waits for the thing the test cared about, and the slowest tests now run in parallel."},
		learned:  []string{"The suite runs in five minutes and people run it again.", "Measure first: the test we were sure was slowest was not in the top twenty."},
		code:     "func waitFor(t *testing.T, cond func() bool) {\n\tt.Helper()\n\tdeadline := time.Now().Add(5 * time.Second)\n\tfor !cond() {\n\t\tif time.Now().After(deadline) {\n\t\t\tt.Fatal(\"condition not met within 5s\")\n\t\t}\n\t\ttime.Sleep(10 * time.Millisecond)\n\t}\n}"},
	{title: "Accessibility fixes we made to {proj}", lang: "html",
		headings: [3]string{"How we tested", "What we fixed", "What we learned"},
		problem:  []string{"We asked people who use screen readers, magnifiers and switch controls to try {proj} with us, and wrote down everything that got in their way."},
		tried:    []string{"Every form field now has a visible label, errors are announced and linked from a summary, and the focus never gets lost after a page updates.", "The colour of the status badges now has a word beside it."},
		learned:  []string{"Most of the fixes were small; finding them needed the people who use the tools every day.", "We now run the same session at the start of every project, not the end."},
		code:     "<label for=\"postcode\">Postcode</label>\n<input id=\"postcode\" name=\"postcode\" autocomplete=\"postal-code\" aria-describedby=\"postcode-error\">\n<p id=\"postcode-error\" class=\"error\">Enter a postcode, like EX4 4QJ</p>"},
	{title: "Deploying {proj} with Terraform", lang: "hcl",
		headings: [3]string{"Before", "After", "Worth it?"},
		problem:  []string{"{proj}'s servers were set up by hand, once, by someone who has since left, and nobody was quite sure how."},
		tried:    []string{"We described the servers, the database and the storage in Terraform, imported what already existed and then rebuilt a copy from nothing to check."},
		learned:  []string{"The copy came up in twenty minutes, which is now how long a disaster takes us to recover from.", "It was worth it for the documentation alone."},
		code:     "resource \"aws_s3_bucket\" \"uploads\" {\n  bucket = \"example-uploads\"\n\n  tags = {\n    project = \"example\"\n  }\n}"},
}

var conferenceTalks = []string{
	"The best talk was about designing services for people in a hurry, and had no slides at all.",
	"{p} came back with a page of notes on measuring what users actually do, rather than what they say.",
	"A talk on retiring old systems gently was the one we kept talking about on the train home.",
	"The hallway conversations were, as usual, better than most of the talks.",
	"Someone showed a map of every library in the country, drawn from open data in an afternoon.",
}
