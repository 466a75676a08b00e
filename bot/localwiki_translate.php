<?php
/**
 * hubbot's local stand-in for the Translate extension's page markup.
 *
 * Translate is not packaged for Debian, so the local wiki (`hubbot localwiki`,
 * the demo, the tests) loads this file instead. It makes a reader see what
 * Meta shows on a translatable *source* page, and nothing more:
 *
 *  - `<translate>` / `</translate>` (with or without attributes such as
 *    `nowrap`) disappear; a tag alone on its line takes its line with it;
 *  - unit markers `<!--T:n-->` disappear (with their line when alone on it);
 *  - `<tvar name=x>value</tvar>` and the old `<tvar|x>value</>` become `value`;
 *  - `<languages/>` renders a small language bar: the source page and its
 *    subpages named by a known language code (`Hubs/zh`); nothing while
 *    there is no such subpage.
 *
 * Like Translate (PageTranslationHooks::renderTagPage) the markup is removed
 * in ParserBeforeInternalParse, before templates are expanded, so markup inside
 * template parameters (`| name = <translate>...</translate>`) is gone too.
 * Text inside <nowiki> and <pre> is left alone. Not covered: markup inside a
 * page transcluded from another page (Translate handles it; the demo has none).
 *
 * Translation pages, as FuzzyBot makes them on Meta (issue 25):
 *
 *  - marking: `hubbot localwiki mark DIR TITLE` (bot/localwiki_translate_mark.php)
 *    marks TITLE's current revision, as a translation admin does on
 *    Special:PageTranslation. Units without a `<!--T:n-->` marker get the next
 *    free number, saved in a new revision of TITLE (as Translate does), and that
 *    revision is marked. The mark is a `pagetranslation/mark` log entry whose
 *    `revision` parameter is the marked revision (Meta's log has the same entry);
 *    the latest such entry of a page is its marked revision.
 *  - units: the marked revision is split as Translate's TranslatablePageParser
 *    does: each `<translate>` block into units at blank lines; a unit's id is its
 *    marker, its text the rest. A unit's translation into xx is the text of the
 *    page `Translations:TITLE/<id>/xx` (namespace 1198, created by translators or
 *    tests like any page); `Translations:TITLE/Page display title/xx` is the
 *    translated title.
 *  - building `TITLE/xx` (FuzzyBot, a system user, saves it with Translate's
 *    summary): the marked revision with each `<translate>` block replaced by its
 *    units (the tags go, one newline next to each tag goes, the blank lines
 *    between units stay), each unit by its translation (`$var` filled from the
 *    unit's `<tvar>`s; a translated heading gets the English anchor before it) or,
 *    untranslated, by its source text wrapped in `<div lang="en" dir="ltr"
 *    class="mw-content-ltr">` (`<span>` for a unit inline in its line; nothing
 *    for `<translate nowrap>`); everything outside `<translate>` is copied byte
 *    for byte. Marking builds every language that has a Translations page;
 *    saving (or importing) a Translations page rebuilds that one language at once
 *    (before the API answers). Edits to TITLE reach TITLE/xx only when marked again.
 *  - reading: `TITLE/xx` of a marked TITLE has page language xx and, when
 *    translated, the display title from `Page display title` (so `prop=info` and
 *    `action=parse` answer as on Meta); `Translations:.../xx` pages have language
 *    xx; `{{#translation:}}` is `/xx` on any page `.../xx` with xx a known
 *    language code (Translate's rule) and empty elsewhere.
 *  - the message group statistics API `meta=messagegroupstats` answers as Translate's does, from
 *    the marked revision's units and the Translations pages (bot/localwiki_translate_api.php).
 *  - documentation: as on Meta ($wgTranslateDocumentationLanguageCode = 'qqq', a language name of its own),
 *    `Translations:TITLE/<id>/qqq` is a unit's documentation: counted by the statistics like a language,
 *    and no translation page `TITLE/qqq` is built from it.
 * Not covered: fuzzy translations on translation pages (outdated units; the APIs do count a
 * `!!FUZZY!!` translation as fuzzy), Special:Translate, translation memory, unmarking, moves and
 * deletions of translatable pages.
 */

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

if ( !defined( 'NS_TRANSLATIONS' ) ) {
	define( 'NS_TRANSLATIONS', 1198 );
	define( 'NS_TRANSLATIONS_TALK', 1199 );
}

/** Marking refused (no such page, no <translate>, markup Translate would not accept). */
final class HubbotTranslateError extends RuntimeException {
}

final class HubbotTranslateStandin {
	/** Meta's $wgTranslateDocumentationLanguageCode: Translations:TITLE/UNIT/qqq documents the unit. */
	public const DOCUMENTATION = 'qqq';
	private const PROTECTED_PARTS = '~(<nowiki\b[^>]*>.*?</nowiki>|<pre\b[^>]*>.*?</pre>)~is';

	/** Hook: ParserBeforeInternalParse. */
	public static function onParserBeforeInternalParse( $parser, &$text, $stripState ) {
		if ( is_string( $text ) && preg_match( '~<translate|<!--T:|<tvar~i', $text ) ) {
			$text = self::stripMarkup( $text );
		}
		self::setDisplayTitle( $parser );
		return true;
	}

	public static function stripMarkup( string $text ): string {
		$parts = preg_split( self::PROTECTED_PARTS, $text, -1, PREG_SPLIT_DELIM_CAPTURE );
		foreach ( $parts as $i => $part ) {
			if ( $i % 2 === 0 ) {
				$parts[$i] = self::stripPart( $part );
			}
		}
		return implode( '', $parts );
	}

	private static function stripPart( string $text ): string {
		$replacements = [
			'~^[ \t]*</?translate(?:\s[^>]*)?>[ \t]*\n~mi' => '',
			'~</?translate(?:\s[^>]*)?>~i' => '',
			'~^[ \t]*<!--T:[^>]*?-->[ \t]*\n~m' => '',
			'~[ \t]*<!--T:[^>]*?-->[ \t]*~' => '',
			'~<tvar\s+name\s*=\s*(?:"[^"]*"|\'[^\']*\'|[^\s>]+)\s*>(.*?)</tvar>~is' => '$1',
			'~<tvar\|[^>]*>(.*?)</>~is' => '$1',
		];
		return preg_replace( array_keys( $replacements ), array_values( $replacements ), $text );
	}

	/** Hook: ParserFirstCallInit. */
	public static function onParserFirstCallInit( $parser ) {
		// Only <languages/> is a tag: <translate> as a tag would hide the headings inside it
		// from section editing (action=edit&section=N), which Translate does not do.
		$parser->setHook( 'languages', [ self::class, 'renderLanguageBar' ] );
		$parser->setFunctionHook( 'translation', [ self::class, 'translationFunction' ] );
		return true;
	}

	/** `<languages/>`: the source page and its language subpages, the current one in bold. */
	public static function renderLanguageBar( $input, array $args, $parser, $frame ): string {
		$services = MediaWikiServices::getInstance();
		$names = $services->getLanguageNameUtils();
		$current = $parser->getTitle();
		$source = $current;
		if ( $current->isSubpage() && $names->isKnownLanguageTag( $current->getSubpageText() ) ) {
			$source = Title::makeTitle( $current->getNamespace(), $current->getBaseText() );
		}
		$pages = [ $services->getContentLanguage()->getCode() => $source ];
		foreach ( $source->getSubpages() as $subpage ) {
			$code = $subpage->getSubpageText();
			if ( $subpage->getBaseText() === $source->getText() && $names->isKnownLanguageTag( $code ) ) {
				$pages[$code] = $subpage;
			}
		}
		if ( count( $pages ) < 2 ) {
			return '';  // no translation yet: nothing to choose from
		}
		ksort( $pages );
		$links = [];
		$renderer = $parser->getLinkRenderer();
		foreach ( $pages as $code => $page ) {
			$name = $names->getLanguageName( $code ) ?: $code;
			$link = $renderer->makeKnownLink( $page, $name, [ 'lang' => $code, 'hreflang' => $code ] );
			$links[] = $page->equals( $current ) ? "<b>$link</b>" : $link;
		}
		return Html::rawElement( 'div', [
				'class' => 'mw-pt-languages noprint',
				'style' => 'border:1px solid #c8ccd1; background:#f8f9fa; padding:0.2em 0.6em; margin-bottom:0.5em;'
					. ' font-size:90%;',
			],
			Html::element( 'span', [ 'class' => 'mw-pt-languages-label', 'style' => 'color:#54595d;' ],
				'Other languages:' )
			. ' ' . Html::rawElement( 'span', [ 'class' => 'mw-pt-languages-list' ], implode( ' • ', $links ) )
		);
	}

	// -- translation pages ---------------------------------------------------------------

	public const DISPLAY_TITLE_UNIT = 'Page display title';
	public const FUZZYBOT = 'FuzzyBot';
	/** Translate's messages tpt-render-summary and tpt-mark-summary. */
	public const RENDER_SUMMARY = 'Updating to match new version of source page';
	public const MARK_SUMMARY = 'Marked this version for translation';
	private const TVAR_OLD = '~<tvar\|([^>]+)>(.*?)</>~us';
	private const TVAR_NEW = '~<tvar\s+name\s*=\s*(?:\'([^\']*)\'|"([^"]*)"|([^"\'\s>]*))\s*>(.*?)</tvar\s*>~usi';

	/** @var array<string,int|null> prefixed dbkey => marked revision id, for this request */
	private static $marked = [];
	/** @var int */
	private static $placeholders = 0;

	/** The revision of $source last marked for translation, or null. */
	public static function markedRevisionId( Title $source ): ?int {
		$key = $source->getPrefixedDBkey();
		if ( !array_key_exists( $key, self::$marked ) ) {
			$dbr = MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnection( DB_REPLICA );
			$blob = $dbr->selectField( 'logging', 'log_params', [
					'log_type' => 'pagetranslation', 'log_action' => 'mark',
					'log_namespace' => $source->getNamespace(), 'log_title' => $source->getDBkey(),
				], __METHOD__, [ 'ORDER BY' => 'log_id DESC' ] );
			$params = $blob === false ? [] : LogEntryBase::extractParams( $blob );
			self::$marked[$key] = isset( $params['revision'] ) ? (int)$params['revision'] : null;
		}
		return self::$marked[$key];
	}

	/** [source title, language code] when $title is `SOURCE/xx` of a marked SOURCE, else null. */
	public static function translationPage( $title ): ?array {
		if ( !$title instanceof Title || !$title->isSubpage() ) {
			return null;
		}
		$code = $title->getSubpageText();
		if ( !self::isLanguage( $code ) ) {
			return null;
		}
		$source = Title::makeTitleSafe( $title->getNamespace(), $title->getBaseText() );
		return $source && self::markedRevisionId( $source ) ? [ $source, $code ] : null;
	}

	/** [source title, unit id, language code] for `Translations:SOURCE/UNIT/xx`, else null. */
	public static function unitPage( $title ): ?array {
		if ( !$title instanceof Title || $title->getNamespace() !== NS_TRANSLATIONS ) {
			return null;
		}
		if ( !preg_match( '~^(.+)/([^/]+)/([^/]+)$~', $title->getText(), $m ) || !self::isLanguage( $m[3] ) ) {
			return null;
		}
		$source = Title::newFromText( $m[1] );
		return $source ? [ $source, $m[2], $m[3] ] : null;
	}

	private static function isLanguage( string $code ): bool {
		return MediaWikiServices::getInstance()->getLanguageNameUtils()->isKnownLanguageTag( $code );
	}

	private static function placeholder(): string {
		return "\x7fhubbot-tp-" . ( ++self::$placeholders ) . "\x7f";
	}

	/**
	 * Split a translatable page's text as Translate's TranslatablePageParser does.
	 * @return array [template with one placeholder per unit and no <translate> tags,
	 *   units: placeholder => [id|null, text, inline, canWrap],
	 *   blocks: placeholder-free text of each block for re-saving with markers]
	 */
	public static function parseSource( string $text ): array {
		$nowiki = [];
		$text = preg_replace_callback( '~<nowiki>.*?</nowiki>~s', static function ( $m ) use ( &$nowiki ) {
			$ph = self::placeholder();
			$nowiki[$ph] = $m[0];
			return $ph;
		}, $text );
		$units = [];
		$sections = [];
		$template = preg_replace_callback( '~(<translate(?: nowrap)?>)(.*?)</translate>~s',
			static function ( $m ) use ( &$units, &$sections, $nowiki ) {
				if ( preg_match( '~<translate( nowrap)?>~', $m[2] ) ) {
					throw new HubbotTranslateError( 'nested <translate> tags' );
				}
				$content = strtr( $m[2], $nowiki );
				$inline = strpos( $content, "\n" ) === false;
				$parts = preg_split( '~(^\s*|\s*\n\n\s*|\s*$)~', $content, -1,
					PREG_SPLIT_NO_EMPTY | PREG_SPLIT_DELIM_CAPTURE );
				$inner = '';
				foreach ( $parts as $part ) {
					if ( trim( $part ) === '' ) {
						$inner .= $part;
						continue;
					}
					$ph = self::placeholder();
					$units[$ph] = self::parseUnit( $part ) + [ 2 => $inline, 3 => $m[1] !== '<translate nowrap>', 4 => $part ];
					$inner .= $ph;
				}
				$ph = self::placeholder();
				$sections[$ph] = [ $m[1], $inner ];
				return $ph;
			}, $text );
		if ( preg_match( '~<translate( nowrap)?>~', $template ) ) {
			throw new HubbotTranslateError( 'a <translate> tag is not closed' );
		}
		if ( strpos( $template, '</translate>' ) !== false ) {
			throw new HubbotTranslateError( 'a </translate> tag has no opening tag' );
		}
		return [ strtr( $template, $nowiki ), $units, $sections ];
	}

	/** [id|null, text] of one unit: its marker (at the start, or after a heading) is not part of the text. */
	private static function parseUnit( string $content ): array {
		$count = preg_match_all( '~<!--T:(.*?)-->~', $content, $m );
		if ( $count > 1 ) {
			throw new HubbotTranslateError( "a unit has $count markers: $content" );
		}
		if ( $count === 0 ) {
			return [ null, $content ];
		}
		$id = $m[1][0];
		if ( $id === '' || strpbrk( $id, "_/\n<>" ) !== false ) {
			throw new HubbotTranslateError( "unit marker <!--T:$id--> has a character Translate refuses" );
		}
		$text = preg_replace( '~^<!--T:(.*?)-->( |\n)~', '', $content );
		$text = preg_replace( '~\s*<!--T:(.*?)-->$~m', '', $text );
		if ( strpos( $text, '<!--T:' ) !== false ) {
			throw new HubbotTranslateError( "unit marker <!--T:$id--> is where Translate does not look for it" );
		}
		return [ $id, $text ];
	}

	/** @return array<string,string> unit id => text as translators see it (`<tvar>`s as `$name`), in page order. */
	public static function unitTexts( string $sourceText ): array {
		$texts = [];
		foreach ( self::parseSource( $sourceText )[1] as [ $id, $text ] ) {
			if ( $id !== null ) {
				$texts[$id] = strtr( $text, self::variables( $text )[1] );
			}
		}
		return $texts;
	}

	/** The heading's text when the unit is a heading (Translate's TranslationUnit::getHeading). */
	private static function heading( string $text ): ?string {
		return preg_match( '/^(={1,6})[ \t]*(.+?)[ \t]*\1\s*$/', $text, $m ) ? $m[2] : null;
	}

	/** @return array<string,string> `$name` => value of the unit's <tvar>s; and definition => `$name` */
	private static function variables( string $text ): array {
		$values = [];
		$names = [];
		preg_match_all( self::TVAR_OLD, $text, $old, PREG_SET_ORDER );
		foreach ( $old as $m ) {
			$values['$' . $m[1]] = $m[2];
			$names[$m[0]] = '$' . $m[1];
		}
		preg_match_all( self::TVAR_NEW, $text, $new, PREG_SET_ORDER );
		foreach ( $new as $m ) {
			$name = '$' . $m[1] . ( $m[2] ?? '' ) . ( $m[3] ?? '' );
			$values[$name] = $m[4];
			$names[$m[0]] = $name;
		}
		return [ $values, $names ];
	}

	/** One unit as FuzzyBot writes it on TITLE/xx (Translate's TranslationUnit::getTextForRendering). */
	private static function renderUnit( array $unit, ?string $translation, Language $source, Language $target ): string {
		[ $id, $text, $inline, $canWrap ] = $unit;
		[ $values, $names ] = self::variables( $text );
		$attributes = [];
		$heading = null;
		if ( $translation !== null ) {
			$content = $translation;
			$heading = self::heading( strtr( $text, $names ) );
			$language = $target->getCode();
		} else {
			$content = strtr( $text, $names );
			$attributes = [ 'lang' => $source->getHtmlCode(), 'dir' => $source->getDir(),
				'class' => 'mw-content-' . $source->getDir() ];
			$language = $source->getCode();
		}
		if ( $canWrap && $attributes ) {
			$content = $inline ? Html::rawElement( 'span', $attributes, $content )
				: Html::rawElement( 'div', $attributes, "\n$content\n" );
		}
		if ( $heading !== null && !$inline && $source->getCode() !== $target->getCode() ) {
			$parser = MediaWikiServices::getInstance()->getParserFactory()->create();
			$anchor = ltrim( $parser->guessSectionNameFromWikiText( $heading ), '#' );
			$content = Html::element( 'span', [ 'id' => $anchor ] ) . "\n$content";
		}
		$content = strtr( $content, $values );
		return preg_replace( '/{{\s*TRANSLATIONLANGUAGE\s*}}/', $language, $content );
	}

	/** Text of Translations:SOURCE/UNIT/xx, or null when there is none. */
	private static function translation( Title $source, string $unit, string $code ): ?string {
		$title = Title::makeTitleSafe( NS_TRANSLATIONS, $source->getPrefixedText() . "/$unit/$code" );
		if ( !$title || !$title->exists() ) {
			return null;
		}
		$content = MediaWikiServices::getInstance()->getWikiPageFactory()->newFromTitle( $title )->getContent();
		// A fuzzy translation is shown without its `!!FUZZY!!` mark, as Translate shows an outdated one.
		return $content instanceof TextContent ? str_replace( '!!FUZZY!!', '', $content->getText() ) : null;
	}

	/** The wikitext of SOURCE/xx built from $sourceText (the marked revision). */
	public static function translationText( Title $source, string $sourceText, string $code ): string {
		[ $template, $units, $sections ] = self::parseSource( $sourceText );
		$languages = MediaWikiServices::getInstance()->getLanguageFactory();
		$sourceLanguage = $source->getPageLanguage();
		$target = $languages->getLanguage( $code );
		$blocks = [];
		foreach ( $sections as $ph => [ $open, $inner ] ) {
			$blocks[$ph] = preg_replace( '/\A\n|\n\z/', '', $inner );   // Translate's Section::contents()
		}
		$rendered = [];
		foreach ( $units as $ph => $unit ) {
			$translation = $unit[0] === null ? null : self::translation( $source, $unit[0], $code );
			$rendered[$ph] = self::renderUnit( $unit, $translation, $sourceLanguage, $target );
		}
		return strtr( strtr( $template, $blocks ), $rendered );
	}

	/** Languages xx that have at least one page Translations:SOURCE/UNIT/xx. */
	public static function translationLanguages( Title $source ): array {
		$dbr = MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnection( DB_REPLICA );
		$prefix = $source->getPrefixedDBkey() . '/';
		$titles = $dbr->selectFieldValues( 'page', 'page_title', [
				'page_namespace' => NS_TRANSLATIONS,
				'page_title' . $dbr->buildLike( $prefix, $dbr->anyString() ),
			], __METHOD__ );
		$codes = [];
		foreach ( $titles as $dbkey ) {
			$rest = substr( $dbkey, strlen( $prefix ) );
			if ( preg_match( '~^[^/]+/([^/]+)$~', $rest, $m ) && self::isLanguage( $m[1] )
				&& $m[1] !== self::DOCUMENTATION
			) {
				$codes[$m[1]] = true;
			}
		}
		$codes = array_keys( $codes );
		sort( $codes );
		return $codes;
	}

	/**
	 * FuzzyBot (re)writes SOURCE/xx from the marked revision.
	 * @return string 'created', 'updated' or 'unchanged'; null when SOURCE is not marked
	 */
	public static function renderTranslationPage( Title $source, string $code ): ?string {
		$revId = self::markedRevisionId( $source );
		$services = MediaWikiServices::getInstance();
		$revision = $revId ? $services->getRevisionLookup()->getRevisionById( $revId ) : null;
		if ( !$revision ) {
			return null;
		}
		$text = self::translationText( $source, $revision->getContent( SlotRecord::MAIN )->getText(), $code );
		$target = $source->getSubpage( $code );
		$page = $services->getWikiPageFactory()->newFromTitle( $target );
		$existed = $page->exists();
		$updater = $page->newPageUpdater( User::newSystemUser( self::FUZZYBOT, [ 'steal' => true ] ) );
		$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $text, $target, CONTENT_MODEL_WIKITEXT ) );
		$saved = $updater->saveRevision( CommentStoreComment::newUnsavedComment( self::RENDER_SUMMARY ),
			EDIT_FORCE_BOT | EDIT_INTERNAL );
		if ( !$updater->wasSuccessful() ) {
			throw new HubbotTranslateError( "saving $target failed: " . $updater->getStatus()->getWikiText() );
		}
		// A new `Page display title` alone leaves the text as it is: MediaWiki's null edit still
		// refreshes page_props (the display title prop=info reads), so nothing more is needed here.
		return $saved === null ? 'unchanged' : ( $existed ? 'updated' : 'created' );
	}

	/**
	 * Mark $source's current revision for translation (as $user), adding markers to new units first.
	 * @return array [marked revision id, code => 'created'|'updated'|'unchanged']
	 */
	public static function mark( Title $source, User $user ): array {
		$services = MediaWikiServices::getInstance();
		$page = $services->getWikiPageFactory()->newFromTitle( $source );
		$revision = $page->getRevisionRecord();
		if ( !$revision ) {
			throw new HubbotTranslateError( "$source does not exist" );
		}
		$text = $revision->getContent( SlotRecord::MAIN )->getText();
		[ $template, $units, $sections ] = self::parseSource( $text );
		if ( !$units ) {
			throw new HubbotTranslateError( "$source has no <translate> ... </translate> text" );
		}
		$ids = array_filter( array_column( $units, 0 ), 'is_string' );
		foreach ( array_count_values( $ids ) as $id => $count ) {
			if ( $count > 1 ) {
				throw new HubbotTranslateError( "unit marker <!--T:$id--> is used $count times" );
			}
		}
		if ( count( $ids ) < count( $units ) ) {
			$text = self::addMarkers( $template, $units, $sections, $ids );
			$updater = $page->newPageUpdater( $user );
			$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $text, $source, CONTENT_MODEL_WIKITEXT ) );
			$revision = $updater->saveRevision( CommentStoreComment::newUnsavedComment( self::MARK_SUMMARY ) );
			if ( !$updater->wasSuccessful() || !$revision ) {
				throw new HubbotTranslateError( "adding unit markers to $source failed" );
			}
		}
		$entry = new ManualLogEntry( 'pagetranslation', 'mark' );
		$entry->setPerformer( $user );
		$entry->setTarget( $source );
		$entry->setParameters( [ 'revision' => $revision->getId() ] );
		$entry->publish( $entry->insert() );
		self::$marked = [];
		$built = [];
		foreach ( self::translationLanguages( $source ) as $code ) {
			$built[$code] = self::renderTranslationPage( $source, $code );
		}
		return [ $revision->getId(), $built ];
	}

	/** The source text with a marker for every unit that has none (Translate's sourcePageTextForSaving). */
	private static function addMarkers( string $template, array $units, array $sections, array $ids ): string {
		$next = 1;
		foreach ( $ids as $id ) {
			if ( ctype_digit( $id ) ) {
				$next = max( $next, (int)$id + 1 );
			}
		}
		$blocks = [];
		foreach ( $sections as $ph => [ $open, $inner ] ) {
			$blocks[$ph] = $open . $inner . '</translate>';
		}
		$texts = [];
		foreach ( $units as $ph => [ $id, $text, $inline, , $original ] ) {
			$marker = '<!--T:' . ( $next ) . '-->';
			if ( $id !== null ) {
				$texts[$ph] = $original;
				continue;
			}
			$next++;
			$texts[$ph] = self::heading( $text ) !== null ? "$text $marker" : ( $inline ? "$marker $text" : "$marker\n$text" );
		}
		return strtr( strtr( $template, $blocks ), $texts );
	}

	// -- hooks for translation pages -----------------------------------------------------------

	/** Hook: PageContentLanguage. `SOURCE/xx` of a marked SOURCE and `Translations:.../xx` are in xx. */
	public static function onPageContentLanguage( $title, &$pageLang, $userLang ) {
		$found = self::translationPage( $title ) ?? self::unitPage( $title );
		if ( $found ) {
			$pageLang = MediaWikiServices::getInstance()->getLanguageFactory()->getLanguage( end( $found ) );
		}
		return true;
	}

	/** Hook: PageSaveComplete. A unit's translation saved: FuzzyBot rebuilds that language's page. */
	public static function onPageSaveComplete( $wikiPage, $user, $summary, $flags, $revisionRecord, $editResult ) {
		self::rebuildLater( $wikiPage->getTitle() );
		return true;
	}

	/** Hook: AfterImportPage (importDump.php, Special:Import): the same for imported unit pages. */
	public static function onAfterImportPage( $title, $foreignTitle, $revCount, $sRevCount, $pageInfo ) {
		// Not only when $sRevCount > 0: importDump.php's revision callback returns nothing, so it counts 0.
		// A rebuild with nothing new saves nothing.
		self::rebuildLater( $title );
		return true;
	}

	private static function rebuildLater( $title ): void {
		$unit = self::unitPage( Title::castFromPageReference( $title ) );
		if ( $unit && $unit[2] !== self::DOCUMENTATION && self::markedRevisionId( $unit[0] ) ) {
			// Before the API answers: a client reading SOURCE/xx right after its save sees the new text.
			DeferredUpdates::addCallableUpdate( static function () use ( $unit ) {
				self::renderTranslationPage( $unit[0], $unit[2] );
			}, DeferredUpdates::PRESEND );
		}
	}

	/** `{{#translation:}}`: `/xx` on a page whose last subpage is a known language code, else nothing. */
	public static function translationFunction( $parser ): string {
		$title = $parser->getTitle();
		if ( $title && $title->isSubpage() && self::isLanguage( $title->getSubpageText() ) ) {
			return '/' . $title->getSubpageText();
		}
		return '';
	}

	/** The display title of a translation page: its `Page display title` unit, when translated. */
	private static function setDisplayTitle( $parser ): void {
		if ( $parser->getOptions()->getInterfaceMessage() ) {
			return;
		}
		$found = self::translationPage( Title::castFromPageReference( $parser->getPage() ) );
		if ( !$found ) {
			return;
		}
		[ $source, $code ] = $found;
		$output = $parser->getOutput();
		$output->setPageProperty( 'translate-is-translation', true );
		$name = self::translation( $source, self::DISPLAY_TITLE_UNIT, $code );
		if ( $name !== null && trim( $name ) !== '' ) {
			$output->setDisplayTitle( htmlspecialchars( trim( $parser->recursivePreprocess( $name ) ) ) );
		}
	}
}


$wgHooks['ParserBeforeInternalParse'][] = 'HubbotTranslateStandin::onParserBeforeInternalParse';
$wgHooks['ParserFirstCallInit'][] = 'HubbotTranslateStandin::onParserFirstCallInit';
$wgHooks['PageContentLanguage'][] = 'HubbotTranslateStandin::onPageContentLanguage';
$wgHooks['PageSaveComplete'][] = 'HubbotTranslateStandin::onPageSaveComplete';
$wgHooks['AfterImportPage'][] = 'HubbotTranslateStandin::onAfterImportPage';
# As Translate: the Translations namespace for units, the page translation log, {{#translation:}}.
$wgExtraLanguageNames[HubbotTranslateStandin::DOCUMENTATION] = 'Message documentation';   # as on Meta
$wgExtraNamespaces[NS_TRANSLATIONS] = 'Translations';
$wgExtraNamespaces[NS_TRANSLATIONS_TALK] = 'Translations_talk';
$wgNamespacesWithSubpages[NS_TRANSLATIONS] = true;
$wgLogTypes[] = 'pagetranslation';
$wgLogActionsHandlers['pagetranslation/*'] = LogFormatter::class;
$wgExtensionMessagesFiles['HubbotTranslateStandinMagic'] = __DIR__ . '/localwiki_translate_magic.php';
# Translate's message group APIs, in the shape of its own modules (bot/localwiki_translate_api.php).
foreach ( [ 'HubbotTranslateGroups', 'HubbotApiQueryMessageGroupStats' ] as $class ) {
	$wgAutoloadClasses[$class] = __DIR__ . '/localwiki_translate_api.php';
}
$wgAPIMetaModules['messagegroupstats'] = 'HubbotApiQueryMessageGroupStats';
