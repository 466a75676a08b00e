-- Module:Hub plans: {{Hub infobox}}'s `plans` as a bulleted list.
-- {{#invoke:Hub plans|list|{{{plans|}}}}}: one item per line or per ';' outside [[...]] and [...],
-- the way hubbot reads the parameter; bullets the editor already wrote are not doubled.
local p = {}

local function pieces(text)
	local items, current, depth = {}, {}, 0
	local function flush()
		local item = mw.text.trim(table.concat(current))
		item = mw.text.trim((item:gsub('^[*#:]+', '')))
		if item ~= '' then
			items[#items + 1] = item
		end
		current = {}
	end
	for char in text:gmatch('.') do
		if char == '[' then
			depth = depth + 1
		elseif char == ']' and depth > 0 then
			depth = depth - 1
		end
		if char == '\n' or (char == ';' and depth == 0) then
			flush()
		else
			current[#current + 1] = char
		end
	end
	flush()
	return items
end

function p.list(frame)
	local items = pieces(frame.args[1] or '')
	if #items == 0 then
		return ''
	end
	return '* ' .. table.concat(items, '\n* ')
end

return p
