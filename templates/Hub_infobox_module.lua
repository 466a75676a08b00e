-- Module:Hub infobox: {{Hub infobox}} checks its parameters with hubbot's own rules.
-- The rules (parameters, aliases, types, statuses, limits) come from Module:Hub infobox/vocabulary,
-- which hubbot generates from its parser (bot/parsing/infobox.py); the messages are the errors page's.
-- {{#invoke:Hub infobox|check}} in the template: in preview, one short warning per problem above the
-- infobox; always (saved pages too), the hidden tracking category when there is a problem.
-- {{#invoke:Hub infobox|problems}}: the problems as JSON text (for tests and tools).
-- {{#invoke:Hub infobox|label|KEY|English}}, |types|VALUE, |status|VALUE: the infobox's labels and its type
-- and status words in the page's language (a hub page's translation HUB/xx has page language xx), from
-- Module:Hub infobox/i18n, which hubbot writes at each run from the translations of its labels page; English
-- where a label is not translated (argument i18n = another data module).
-- Argument of #invoke: data = the vocabulary module (default: this module's /vocabulary subpage), whose
-- tracking_category names the category (bot.logic.infobox_checks.TRACKING_CATEGORY; the errors page links to it).
-- Not checked here (only the bot reads the page's wikitext): a second infobox on the page, a parameter
-- given twice under the same name, templates the bot cannot expand, references in details. See the
-- template's documentation.
local p = {}

local ustring = mw.ustring

local function trim(s)
	return mw.text.trim(s)
end

-- Python's repr() of a string, as the errors page quotes values.
local function repr(s)
	local quote = "'"
	if s:find("'", 1, true) and not s:find('"', 1, true) then
		quote = '"'
	end
	s = s:gsub('\\', '\\\\'):gsub('\n', '\\n'):gsub('\r', '\\r'):gsub('\t', '\\t')
	if quote == "'" then
		s = s:gsub("'", "\\'")
	end
	return quote .. s .. quote
end

local function short(s, limit)
	limit = limit or 40
	s = trim(s)
	if ustring.len(s) <= limit then
		return s
	end
	return ustring.sub(s, 1, limit - 1) .. '…'
end

local function thousands(n)
	local s = tostring(n)
	local out = s:reverse():gsub('(%d%d%d)', '%1,'):reverse()
	return (out:gsub('^,', ''))
end

local function collapse(s)
	return trim((s:gsub('%s+', ' ')))
end

local function decode(s)
	return (mw.text.decode(s, true):gsub('\194\160', ' '))
end

-- A page title as MediaWiki stores it (bot.parsing.wikitext.normalize_title).
local function normalizeTitle(title)
	title = ustring.gsub(title, '^%s*:?%s*[Ss][Pp][Ee][Cc][Ii][Aa][Ll]%s*:%s*[Mm][Yy][Ll][Aa][Nn][Gg][Uu][Aa][Gg][Ee]%s*/', '')
	title = trim((collapse((title:gsub('_', ' '))):gsub('^:+', '')))
	local parsed = title ~= '' and not title:find('#', 1, true) and mw.title.new(title) or nil
	if parsed then
		return parsed.prefixedText    -- as MediaWiki reads it: 'image:x.png' is 'File:X.png' (hubbot's bot.titles too)
	end
	return ustring.upper(ustring.sub(title, 1, 1)) .. ustring.sub(title, 2)
end

local function isWordByte(b)
	return b ~= nil and b ~= '' and (b:match('[%w_]') ~= nil or b:byte() >= 128)
end

-- The pieces of a value: links ([[...]], [url label], bare URLs) and the text between them.
local function tokens(value)
	local out = {}
	local pos, len = 1, #value
	local textStart = 1
	local function flush(to)
		if to >= textStart then
			table.insert(out, {kind = 'text', text = value:sub(textStart, to)})
		end
	end
	while pos <= len do
		local c = value:sub(pos, pos)
		if value:sub(pos, pos + 1) == '[[' then
			local close = value:find(']]', pos + 2, true)
			if close then
				flush(pos - 1)
				local inner = value:sub(pos + 2, close - 1)
				local bar = inner:find('|', 1, true)
				table.insert(out, {kind = 'wikilink', target = bar and inner:sub(1, bar - 1) or inner,
					label = bar and inner:sub(bar + 1) or nil})
				pos = close + 2
				textStart = pos
			else
				pos = pos + 2
			end
		elseif c == '[' and (value:match('^%a[%w+.-]*://', pos + 1) or value:match('^//', pos + 1)
				or value:match('^mailto:', pos + 1)) then
			local close = value:find(']', pos + 1, true)
			if close then
				flush(pos - 1)
				local inner = value:sub(pos + 1, close - 1)
				local url, label = inner:match('^(%S+)%s+(.*)$')
				table.insert(out, {kind = 'extlink', url = url or inner, label = label})
				pos = close + 1
				textStart = pos
			else
				pos = pos + 1
			end
		elseif (c == 'h' or c == 'H') and value:match('^[Hh][Tt][Tt][Pp][Ss]?://', pos)
				and not isWordByte(value:sub(pos - 1, pos - 1)) then
			local url = value:match('^[^%s%[%]<>"{}|]+', pos)
			flush(pos - 1)
			url = url:gsub('[.,;:!?)]+$', '')
			table.insert(out, {kind = 'extlink', url = url})
			pos = pos + #url
			textStart = pos
		else
			pos = pos + 1
		end
	end
	flush(len)
	return out
end

-- Text as a reader sees it (bot.parsing.wikitext.plain): links by their labels, no bold or
-- italics, no tags, entities decoded, whitespace collapsed; <nowiki> kept, references left out.
local function plain(value)
	local parts = {}
	for _, t in ipairs(tokens(value)) do
		if t.kind == 'text' then
			table.insert(parts, (t.text:gsub("'''", ''):gsub("''", '')))
		elseif t.kind == 'wikilink' then
			table.insert(parts, t.label and t.label:gsub("'''", ''):gsub("''", '') or normalizeTitle(t.target))
		else
			table.insert(parts, t.label and t.label:gsub("'''", ''):gsub("''", '') or t.url)
		end
	end
	local text = table.concat(parts)
	text = text:gsub('<[Bb][Rr]%s*/?>', ' '):gsub('<tvar|[^>]*>', ''):gsub('</>', '')
	text = text:gsub('</?%a[^<>]*>', '')
	text = mw.text.killMarkers(mw.text.unstripNoWiki(text))
	return collapse(decode(text))
end

local function links(value)
	local found, leftovers = {}, {}
	for _, t in ipairs(tokens(value)) do
		if t.kind == 'wikilink' then
			local target = normalizeTitle(plain(t.target))
			if target ~= '' then
				table.insert(found, {target = target, label = t.label and plain(t.label) or nil})
			end
		elseif t.kind == 'extlink' then
			local url = plain(t.url)
			if url ~= '' then
				table.insert(found, {target = url, external = true, label = t.label and plain(t.label) or nil})
			end
		else
			local text = decode(mw.text.killMarkers((t.text:gsub('<tvar|[^>]*>', ''):gsub('</>', ''):gsub('</?%a[^<>]*>', ''))))
			for piece in (text .. '\n'):gmatch('([^\n;]*)[\n;]') do
				local rest = piece:gsub('•', ''):gsub('·', ''):gsub('–', ''):gsub('—', '')
				if not rest:match('^[%s%*#:;,%-%(%)%[%]]*$') then
					table.insert(leftovers, trim(piece))
				end
			end
		end
	end
	return found, leftovers
end

local function mediaLink(link, categories)
	if link.external then
		return false
	end
	local prefix = ustring.lower(trim(link.target:match('^([^:]*):') or ''))
	return prefix == 'file' or prefix == 'image' or (categories and prefix == 'category')
end

local function contains(list, value)
	for _, item in ipairs(list) do
		if item == value then
			return true
		end
	end
	return false
end

local function parameterKey(vocabulary, name)
	local key = ustring.lower(trim(name)):gsub('[%s_]+', '_')
	if contains(vocabulary.fields, key) then
		return key
	end
	return vocabulary.aliases[key]
end

-- "Regional & Thematic": (known types in order, unknown pieces), split as bot.parsing.infobox.parse_types.
local function parseTypes(vocabulary, text)
	local pieces, start, pos = {}, 1, 1
	local lower = text:lower()
	while pos <= #text do
		local matched
		for _, sep in ipairs(vocabulary.type_separators) do
			if lower:sub(pos, pos + #sep - 1) == sep and (not sep:match('^%a+$')
					or (not isWordByte(text:sub(pos - 1, pos - 1)) and not isWordByte(text:sub(pos + #sep, pos + #sep)))) then
				matched = sep
				break
			end
		end
		if matched then
			table.insert(pieces, text:sub(start, pos - 1))
			pos = pos + #matched
			start = pos
		else
			pos = pos + 1
		end
	end
	table.insert(pieces, text:sub(start))
	local found, unknown = {}, {}
	for _, piece in ipairs(pieces) do
		local word = collapse(ustring.lower(piece))
		if word ~= '' then
			if contains(vocabulary.types, word) then
				if not contains(found, word) then
					table.insert(found, word)
				end
			else
				table.insert(unknown, trim(piece))
			end
		end
	end
	return found, unknown
end

local function quoted(list)
	local out = {}
	for i, item in ipairs(list) do
		out[i] = repr(item)
	end
	return table.concat(out, ', ')
end

local function isLanguageCode(code)
	local parts = mw.text.split(code, '-', true)
	if not parts[1]:match('^%l%l%l?$') then
		return false
	end
	for i = 2, #parts do
		if #parts[i] < 2 or #parts[i] > 8 or parts[i]:match('[^%l%d]') then
			return false
		end
	end
	return true
end

local function isUrl(url)
	local lower = url:lower()
	local rest = lower:match('^https?://(.*)$') or lower:match('^//(.*)$')
	return rest ~= nil and rest:match('^[^%s/$.?#]') ~= nil and not rest:find('%s')
end

local function isDate(text)
	local y, m, d = text:match('^(%d%d%d%d)%-(%d%d)%-(%d%d)$')
	y, m, d = tonumber(y), tonumber(m), tonumber(d)
	if not y or y < 1 or m < 1 or m > 12 or d < 1 then
		return false
	end
	local days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then
		return d <= 29
	end
	return d <= days[m]
end

-- The YYYY-MM-DD an editor meant by "31 May 2026", "May 31, 2026", "2026/05/31", "2026.5.31" or "2026-5-31"
-- (bot.parsing.infobox.date_meant), for the fix's example; nil when there is none.
local function dateMeant(vocabulary, text)
	local function month(word)
		word = word:lower():gsub('%.$', '')
		if #word < 3 then
			return nil
		end
		for number, name in ipairs(vocabulary.months) do
			if name:sub(1, #word) == word then
				return number
			end
		end
		return nil
	end
	local y, m, d
	local day, word, year = text:match('^(%d%d?) (%a+%.?),? (%d%d%d%d)$')
	if day then
		y, m, d = year, month(word), day
	else
		word, day, year = text:match('^(%a+%.?) (%d%d?),? (%d%d%d%d)$')
		if word then
			y, m, d = year, month(word), day
		else
			y, m, d = text:match('^(%d%d%d%d)[%-/.](%d%d?)[%-/.](%d%d?)$')
			m = tonumber(m)
		end
	end
	if not y or not m then
		return nil
	end
	local iso = string.format('%04d-%02d-%02d', tonumber(y), m, tonumber(d))
	return isDate(iso) and iso or nil
end

-- A file name as MediaWiki stores it, without File: (bot.parsing.infobox.file_name), or nil.
local function fileName(text)
	local lower = text:lower()
	local _, prefixEnd = lower:find('^%s*:?%s*file%s*:%s*')
	if not prefixEnd then
		_, prefixEnd = lower:find('^%s*:?%s*image%s*:%s*')
	end
	local name = normalizeTitle(prefixEnd and text:sub(prefixEnd + 1) or text)
	local ext = name:match('%.(%w+)$')
	if not ext or #ext < 2 or #ext > 5 or #name == #ext + 1 or name:find('[#<>%[%]{}|/:]')
			or name:find('~~~', 1, true) then
		return nil
	end
	return name
end

-- What the bot asks the wiki at each run (bot.logic.maps), asked at once: a file on a shared repository
-- such as Commons counts. One expensive function call; past the page's limit, the file is not judged.
local function fileExists(name)
	local ok, exists = pcall(function ()
		local title = mw.title.makeTitle('File', name)
		return not title or title.file.exists
	end)
	return not ok or exists
end

local function joinList(list)   -- ipairs: tables from mw.loadData do not work with table.concat
	local out = {}
	for _, item in ipairs(list) do
		table.insert(out, item)
	end
	return table.concat(out, ', ')
end

-- Every problem of one {{Hub infobox}} call: {field =, message =, fix =}, in the parser's words.
function p.check_args(args, vocabulary)
	local problems = {}
	local function problem(field, message, fix)
		table.insert(problems, {field = field, message = message, fix = fix})
	end
	local names, given = {}, {}
	for name in pairs(args) do
		table.insert(names, name)
	end
	table.sort(names, function (a, b)
		if type(a) ~= type(b) then
			return type(a) == 'number'
		end
		return a < b
	end)
	local values = {}
	for _, name in ipairs(names) do
		local value = args[name]
		if type(name) == 'number' then
			problem(tostring(name), 'unnamed parameter ' .. name .. ' (' .. repr(short(value)) .. ') is ignored.',
				'write it as name=value, e.g. |scope=...')
		else
			local key = parameterKey(vocabulary, name)
			if not key then
				problem(name, 'unknown parameter ' .. repr(name) .. ' is ignored.',
					'use one of: ' .. joinList(vocabulary.fields) .. '.')
			else
				if given[key] then
					problem(key, repr(key) .. ' is given twice (' .. repr(given[key]) .. ' and ' .. repr(name)
						.. '); the last one is used.', 'remove one of them.')
				end
				given[key] = name
				if ustring.len(value) > vocabulary.raw_max then
					problem(key, repr(key) .. ' is ' .. thousands(ustring.len(value)) .. ' characters long; only the first '
						.. thousands(vocabulary.raw_max) .. ' are read.',
						'shorten ' .. key .. '; long texts belong on the hub page itself, not in the infobox.')
					value = ustring.sub(value, 1, vocabulary.raw_max)
				end
				values[key] = value
			end
		end
	end

	local text = {}
	for key, value in pairs(values) do
		text[key] = plain(value)
	end
	for _, key in ipairs({'name', 'scope', 'region', 'contact'}) do
		local limit = vocabulary.text_max[key]
		if text[key] and ustring.len(text[key]) > limit then
			problem(key, repr(key) .. ' is ' .. thousands(ustring.len(text[key])) .. ' characters long; the lists show the first '
				.. limit .. '.', 'shorten ' .. key .. ' to at most ' .. limit .. ' characters; details belong on the hub page.')
		end
	end
	for _, key in ipairs(vocabulary.required) do
		if not text[key] or text[key] == '' then
			problem(key, 'required parameter ' .. repr(key) .. ' is missing or empty.', 'add |' .. key .. '=... to the infobox.')
		end
	end
	if text.type then
		local found, unknown = parseTypes(vocabulary, text.type)
		if #unknown > 0 then
			problem('type', 'type ' .. quoted(unknown) .. ' is not one of the allowed values'
				.. (#found > 0 and ('; ' .. joinList(found) .. ' is kept.') or '.'),
				'use one or more of: ' .. joinList(vocabulary.types) .. ' (e.g. regional, thematic).')
		end
	end
	if text.status and text.status ~= '' then
		local folded = collapse(ustring.lower(text.status))
		folded = vocabulary.status_synonyms[folded] or folded
		if not contains(vocabulary.statuses, folded) then
			problem('status', 'status ' .. repr(text.status) .. ' is not one of the allowed values.',
				'use one of: ' .. joinList(vocabulary.statuses) .. '.')
		end
	end
	if text.languages then
		local bad = {}
		for item in text.languages:gmatch('[^,;/%s]+') do
			if not isLanguageCode(ustring.lower(item)) then
				table.insert(bad, item)
			end
		end
		if #bad > 0 then
			problem('languages', quoted(bad) .. ': not ' .. (#bad == 1 and 'a language code' or 'language codes')
				.. ', left out.', 'write comma-separated codes such as en, fr, pt-br.')
		end
	end
	if values.website then
		local url = text.website
		for _, link in ipairs((links(values.website))) do
			if link.external then
				url = link.target
				break
			end
		end
		if url ~= '' and not isUrl(url) then
			problem('website', repr(short(url)) .. ' is not a URL.', 'write a full address such as https://example.org.')
		end
	end
	if text.founded and text.founded ~= '' then
		local year = text.founded:match('^%d%d%d%d$') and tonumber(text.founded)
		if not year or year < vocabulary.founded_years[1] or year > vocabulary.founded_years[2] then
			problem('founded', 'founded ' .. repr(text.founded) .. ' is not a year.', 'write a four-digit year such as 2021.')
		end
	end
	if text.updated and text.updated ~= '' then
		local today = os.date('!%Y-%m-%d')     -- UTC, as the bot's run
		local fix = 'write the date as YYYY-MM-DD, e.g. '
		if not text.updated:match('^%d%d%d%d%-%d%d%-%d%d$') then
			problem('updated', 'updated ' .. repr(text.updated) .. ' is not written as YYYY-MM-DD, the only form the bot reads.',
				fix .. (dateMeant(vocabulary, text.updated) or vocabulary.date_example) .. '.')
		elseif not isDate(text.updated) then
			problem('updated', 'updated ' .. repr(text.updated) .. ' is not a real date.', fix .. vocabulary.date_example .. '.')
		elseif text.updated > today then
			problem('updated', 'updated ' .. repr(text.updated) .. ' is in the future (today is ' .. today .. ').',
				'write the date of the last review, not a planned one, e.g. ' .. today .. '.')
		end
	end
	if values.map then
		local name = text.map
		for _, link in ipairs((links(values.map))) do
			if mediaLink(link, false) then
				name = link.target
				break
			end
		end
		local file = name ~= '' and fileName(name)
		if name ~= '' and not file then
			problem('map', 'map ' .. repr(short(name)) .. ' is not a file name.',
				'write the name of an uploaded file, e.g. map = CEE Hub map.svg (with or without File:).')
		elseif file and not fileExists(file) then
			problem('map', 'the file ' .. repr(file) .. ' does not exist on the wiki, so the directory shows no map '
				.. 'for the hub.', 'upload the map (or correct the file name); with a file on Commons, write its name '
				.. 'as it is there.')
		end
	end
	if text.details and ustring.len(text.details) > vocabulary.details_max then
		problem('details', 'details is ' .. ustring.len(text.details) .. ' characters long; only the first '
			.. vocabulary.details_max .. ' are shown.',
			'shorten it to ' .. vocabulary.details_max .. ' characters; longer text belongs on the hub page.')
	end
	if values.plans then
		local found, leftovers = links(values.plans)
		for _, link in ipairs(found) do
			if mediaLink(link, true) then
				problem('plans', repr(link.target) .. ' is not a plan link and is left out.',
					"link pages with [[Page|label]]; prefix files and categories with ':'.")
			elseif not link.external and (ustring.match(ustring.lower(link.target), '^user%s*[:/][^/]+$')
					or ustring.match(ustring.lower(link.target), '^user talk%s*[:/][^/]+$')
					or ustring.match(ustring.lower(link.target), '^special%s*:%s*contributions%s*[:/][^/]+$')) then
				problem('plans', repr(link.target) .. ' looks like a signature (~~~), not a plan, and is left out.',
					'remove the signature from the infobox; sign on the talk page instead.')
			end
		end
		for _, leftover in ipairs(leftovers) do
			problem('plans', 'text outside a link (' .. repr(short(leftover)) .. ') is ignored.',
				'write each plan as [[Page|label]] or [https://address label], one per line.')
		end
	end
	return problems
end

local function vocabularyOf(frame)
	local name = frame.args.data
	if not name or trim(name) == '' then
		name = frame:getTitle() .. '/vocabulary'
	end
	return mw.loadData(name)
end

local function isPreview(frame)
	-- {{REVISIONID}} is empty while an edit is previewed (as Module:If preview and
	-- Module:Check for unknown parameters tell preview from a saved page).
	local revision = frame:preprocess('{{REVISIONID}}')
	return revision == nil or revision == ''
end

function p.problems(frame)   -- JSON, escaped so that it shows as text on a page
	return mw.text.nowiki(mw.text.jsonEncode(p.check_args(frame:getParent().args, vocabularyOf(frame))))
end

function p.check(frame)
	local vocabulary = vocabularyOf(frame)
	local problems = p.check_args(frame:getParent().args, vocabulary)
	if #problems == 0 then
		return ''
	end
	local category = vocabulary.tracking_category
	local out = {}
	if isPreview(frame) then
		local box = mw.html.create('div')
			:addClass('hub-infobox-problems')
			:css('border-left', '4px solid #d33'):css('background', '#fee7e6')
			:css('padding', '0.3em 0.8em'):css('margin', '0 0 0.5em 0'):css('font-size', '90%')
		box:tag('div'):css('font-weight', 'bold')
			:wikitext('hubbot will report ' .. #problems .. (#problems == 1 and ' problem' or ' problems')
				.. ' in this hub infobox (shown in preview only):')
		local list = box:tag('ul')
		for _, item in ipairs(problems) do
			local li = list:tag('li'):addClass('hub-infobox-problem')
			li:tag('code'):wikitext(mw.text.nowiki(mw.text.killMarkers(item.field)))
			li:wikitext(': ' .. mw.text.nowiki(mw.text.killMarkers(item.message)) .. ' ')
			li:tag('i'):wikitext('Fix: ' .. mw.text.nowiki(item.fix))
		end
		box:tag('div'):css('font-size', '90%')
			:wikitext('Readers do not see this box; the saved page is listed in [[:Category:' .. category .. ']].')
		table.insert(out, tostring(box))
	end
	-- A new line after the category: the template's table ({|) must start a line.
	table.insert(out, '[[Category:' .. category .. ']]\n')
	return table.concat(out)
end


-- {{#invoke:Hub infobox|errors_page|TEXT}}: a link to the bot's errors page as the configuration names it
-- (the vocabulary's errors_page, written by publish-templates), labelled TEXT (default: the page's title); TEXT
-- alone when it is not known. {{#invoke:Hub infobox|bot|TEXT}}: the bot account's user page, the same way.
-- Published pages call these rather than name an account.
local function link(target, label)
	label = trim(label or '')
	if not target or target == '' then
		return label ~= '' and label or "the bot's errors page"
	end
	return '[[' .. target .. (label ~= '' and '|' .. label or '') .. ']]'
end

function p.errors_page(frame)
	return link(vocabularyOf(frame).errors_page, frame.args[1])
end

function p.bot(frame)
	local account = vocabularyOf(frame).account
	local label = trim(frame.args[1] or '')
	if not account or account == '' then
		return label ~= '' and label or 'hubbot'
	end
	return link('User:' .. account, label)
end

-- Labels in the page's language (issue 25). The data module (default: this module's /i18n subpage, written by
-- hubbot) holds, per language code, only the labels translators translated, each already inert wikitext
-- (bot.logic.infobox_labels escapes them); a page whose language has no table, or a label not in it, shows the
-- English words the template gives. English pages come out as the template's plain wikitext did.
local function translatedLabels(frame)
	local name = frame.args.i18n
	if not name or trim(name) == '' then
		name = frame:getTitle() .. '/i18n'
	end
	local ok, data = pcall(mw.loadData, name)      -- not written yet (no translation): English
	if not ok or type(data) ~= 'table' then
		return nil
	end
	local labels = data[trim(frame:preprocess('{{PAGELANGUAGE}}'))]
	return type(labels) == 'table' and labels or nil
end

-- What {{ucfirst:}} gives (the wiki's content language), as the template wrote values before labels.
local function ucfirst(value)
	return mw.getContentLanguage():ucfirst(value)
end

function p.label(frame)
	local key, english = frame.args[1] or '', frame.args[2] or ''
	local labels = translatedLabels(frame)
	return labels and labels[trim(key)] or english
end

-- A value of the infobox in the page's language: ``translate(value, labels, vocabulary)`` gives its words when
-- they are known and translated, else nil, and the value shows with a capital, as in English.
local function inPageLanguage(frame, translate)
	local value = trim(frame.args[1] or '')
	local labels = translatedLabels(frame)
	return labels and value ~= '' and translate(value, labels, vocabularyOf(frame)) or ucfirst(value)
end

-- The type words: "regional, thematic" -> the translations of Regional and Thematic, joined as the lists join
-- them ("A & B", "A, B & C"), when the value is only known types and one of them is translated.
function p.types(frame)
	return inPageLanguage(frame, function(value, labels, vocabulary)
		local found, unknown = parseTypes(vocabulary, plain(value))
		local words, translated = {}, false
		for _, t in ipairs(found) do
			translated = translated or labels['type-' .. t] ~= nil
			table.insert(words, labels['type-' .. t] or ucfirst(t))
		end
		if #unknown > 0 or not translated then
			return nil
		end
		if #words < 3 then
			return table.concat(words, ' & ')
		end
		return table.concat(words, ', ', 1, #words - 1) .. ' & ' .. words[#words]
	end)
end

-- The status word, translated when the value is a known status (or one of its synonyms) and translated.
function p.status(frame)
	return inPageLanguage(frame, function(value, labels, vocabulary)
		local folded = collapse(ustring.lower(plain(value)))
		folded = vocabulary.status_synonyms[folded] or folded
		return contains(vocabulary.statuses, folded) and labels['status-' .. folded] or nil
	end)
end

return p
