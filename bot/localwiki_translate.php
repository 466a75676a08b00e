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
 * There are no translation units,
 * no Special:Translate and no message group statistics: the bot's
 * Translate-facing code is tested against recorded API answers instead.
 */

use MediaWiki\MediaWikiServices;

final class HubbotTranslateStandin {
	private const PROTECTED_PARTS = '~(<nowiki\b[^>]*>.*?</nowiki>|<pre\b[^>]*>.*?</pre>)~is';

	/** Hook: ParserBeforeInternalParse. */
	public static function onParserBeforeInternalParse( $parser, &$text, $stripState ) {
		if ( is_string( $text ) && preg_match( '~<translate|<!--T:|<tvar~i', $text ) ) {
			$text = self::stripMarkup( $text );
		}
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
}

$wgHooks['ParserBeforeInternalParse'][] = 'HubbotTranslateStandin::onParserBeforeInternalParse';
$wgHooks['ParserFirstCallInit'][] = 'HubbotTranslateStandin::onParserFirstCallInit';
