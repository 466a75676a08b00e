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

function p.notice(frame)
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
		.. 'margin:0.5em 0; background:#fee7e6; font-size:90%;">hubbot could not update this list: '
		.. mw.text.nowiki(message) .. more .. '</div>'
end

return p
