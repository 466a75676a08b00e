-- Module:Hub list: the notice {{Hub list}} shows when hubbot could not update that list.
-- hubbot writes the problems it found to Module:Hub list/data (config `lists.notices`), keyed by
-- page title and by the list's parameters (sorted name=value pairs, empty ones left out); this
-- module rebuilds that key from the {{Hub list}} call it is invoked from. Nothing to show: ''.
local p = {}

local function signature(args)
	local pairs_ = {}
	for key, value in pairs(args) do
		local name = mw.ustring.lower(mw.text.trim(tostring(key))):gsub('[%s_]+', ' ')
		-- gsub's second result (the count) must not reach trim, which would take it as the characters to strip
		local text = mw.text.trim((mw.ustring.gsub(tostring(value), '%s+', ' ')))
		if text ~= '' then
			table.insert(pairs_, name .. '=' .. text)
		end
	end
	table.sort(pairs_)
	return table.concat(pairs_, '|')
end

-- The language of a translation page (Translate's {{#translation:}} is "/xx" there), or nil.
local function translation(frame)
	local suffix = frame:preprocess('{{#translation:}}')
	if suffix == nil or suffix == '' then
		return nil
	end
	return suffix:sub(2)
end

-- English words on a translation page in a language written right to left (Arabic, Hebrew, Persian ...): marked
-- lang="en" dir="ltr", as Translate marks an untranslated unit, so their punctuation is not mirrored. Elsewhere
-- the text as it is.
local function rightToLeft(lang)
	local ok, language = pcall(mw.language.new, lang)
	return ok and language:isRTL()
end

local function english(lang, text)
	if lang and rightToLeft(lang) then
		return '<span lang="en" dir="ltr">' .. text .. '</span>'
	end
	return text
end

-- hubbot's translations of the lists on translatable pages (Module:Hub list/translations), or nil.
local function translations(frame)
	local ok, data = pcall(mw.loadData, frame.args.translations or 'Module:Hub list/translations')
	if ok and type(data) == 'table' then
		return data
	end
	return nil
end

local function problem(frame, lang)
	local ok, data = pcall(mw.loadData, frame.args.data or 'Module:Hub list/data')
	if not ok or type(data) ~= 'table' or not data.pages then
		return ''
	end
	local entries = data.pages[mw.title.getCurrentTitle().prefixedText]
	local message = entries and entries[signature(frame:getParent().args)]
	if not message then
		return ''
	end
	local more = data.errors_page ~= '' and (' ([[' .. data.errors_page .. '|details]])') or ''
	return '<div class="hubbot-list-problem" style="border-left:4px solid #d33; padding:0.2em 0.6em; '
		.. 'margin:0.5em 0; background:#fee7e6; font-size:90%;">'
		.. english(lang, 'hubbot could not update this list: ' .. mw.text.nowiki(message) .. more) .. '</div>'
end

-- {{Hub list}}: the notice of a list hubbot could not update. On a translation page PAGE/xx (Translate copied
-- the list as it was when PAGE was marked), the list as hubbot writes it now in language xx, and the start of
-- a hidden block around the copy ({{Hub list end}} closes it); the copy shows when hubbot has no text for it.
function p.notice(frame)
	local lang = translation(frame)
	local notice = problem(frame, lang)
	if not lang then
		return notice
	end
	local data = translations(frame)
	local title = mw.title.getCurrentTitle().prefixedText
	local source = title:sub(1, #title - #lang - 1)
	local lists = data and data.pages and data.pages[source]
	local texts = lists and lists[signature(frame:getParent().args)]
	local text = texts and texts[lang]
	if not text then
		return notice .. '<div class="hubbot-list-copy">'
	end
	return notice .. '\n' .. text .. '\n<div class="hubbot-list-copy" style="display:none">'
end

-- {{Hub list end}}'s note, "list maintained by hubbot", in the page's language where translators translated it
-- (hubbot copies the label into Module:Hub list/translations, escaped; $1 is the link).
function p.maintained(frame)
	local link = '[[Template:Hub list|hubbot]]'
	local lang = translation(frame)
	local data = lang and translations(frame)
	local words = data and data.labels and data.labels[lang] and data.labels[lang]['list-maintained']
	if not words then
		return english(lang, 'list maintained by ' .. link)
	end
	return (words:gsub('%$1', function() return link end))
end

-- {{Hub list end}}: closes the block {{Hub list}} opened on a translation page (nothing elsewhere).
function p.close(frame)
	if translation(frame) then
		return '</div>'
	end
	return ''
end

return p
