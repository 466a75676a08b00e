<?php
/** The magic word of the Translate stand-in (bot/localwiki_translate.php): {{#translation:}}. */
$magicWords = [];
$magicWords['en'] = [ 'translation' => [ 0, 'translation' ] ];
