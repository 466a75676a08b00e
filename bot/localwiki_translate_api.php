<?php
/**
 * The Translate stand-in's message group statistics API (issue 25), answering in the shape of Translate's own
 * modules so that the bot's code reads the local wiki exactly as it reads Meta:
 *
 * `action=query&meta=messagegroupstats&mgsgroup=page-TITLE` (Translate's
 *    src/Statistics/QueryMessageGroupStatsActionApi.php and QueryStatsActionApi.php): one row per
 *    language MediaWiki knows (sorted by code), each `total, translated, fuzzy, proofread, code, language`;
 *    `mgsoffset` skips the codes before it, `mgssuppresscomplete` / `mgssuppressempty` as in Translate.
 *    A group that is not a marked translatable page is `badparameter` ("Invalid value for parameter
 *    mgsgroup."), as Translate says for an unknown group. The stand-in computes statistics on every
 *    request, so it never answers partially (Meta's cache may: the bot follows `continue` either way).
 *
 * Counting, as Translate does for a page's message group: its units are those of the marked revision and
 * `Page display title`; a language's translated units are the `Translations:TITLE/UNIT/xx` pages of those
 * units (fuzzy ones counted as fuzzy, not translated). Translate keeps the source text of every unit in
 * `Translations:TITLE/UNIT/en` (FuzzyBot writes them on marking); the stand-in writes no such pages but
 * answers as if they were there: the source language counts every unit translated. hubbot reads the
 * translations themselves as pages (Translations:TITLE/UNIT/xx), not with meta=messagetranslations.
 */

use MediaWiki\Languages\LanguageNameUtils;
use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;
use Wikimedia\ParamValidator\ParamValidator;

/** What both modules need: a marked page's units and its translations, read from the database. */
final class HubbotTranslateGroups {
	public const FUZZY = '!!FUZZY!!';   // Translate's TRANSLATE_FUZZY

	/** The marked source page of `page-TITLE`, or null. */
	public static function groupSource( string $group ): ?Title {
		if ( strpos( $group, 'page-' ) !== 0 ) {
			return null;
		}
		$title = Title::newFromText( substr( $group, 5 ) );
		return $title && HubbotTranslateStandin::markedRevisionId( $title ) ? $title : null;
	}

	/** @return array<string,string> unit id => source text (tvars as `$name`), the display title last. */
	public static function units( Title $source ): array {
		$revision = MediaWikiServices::getInstance()->getRevisionLookup()
			->getRevisionById( HubbotTranslateStandin::markedRevisionId( $source ) );
		if ( !$revision ) {
			return [];
		}
		return HubbotTranslateStandin::unitTexts( $revision->getContent( SlotRecord::MAIN )->getText() )
			+ [ HubbotTranslateStandin::DISPLAY_TITLE_UNIT => $source->getPrefixedText() ];
	}

	/**
	 * Translations pages under `Translations:PREFIX/`, ordered by title.
	 * @return array<string,array> title text after the prefix => [text, last editor]
	 */
	public static function pages( string $prefix ): array {
		$services = MediaWikiServices::getInstance();
		$dbr = $services->getDBLoadBalancer()->getConnection( DB_REPLICA );
		$key = strtr( $prefix, ' ', '_' ) . '/';
		$rows = $dbr->select( [ 'page', 'revision', 'actor' ], [ 'page_title', 'actor_name', 'page_latest' ], [
				'page_namespace' => NS_TRANSLATIONS,
				'page_title' . $dbr->buildLike( $key, $dbr->anyString() ),
			], __METHOD__, [ 'ORDER BY' => 'page_title' ],
			[ 'revision' => [ 'JOIN', 'rev_id = page_latest' ], 'actor' => [ 'JOIN', 'actor_id = rev_actor' ] ] );
		$found = [];
		$lookup = $services->getRevisionLookup();
		foreach ( $rows as $row ) {
			$revision = $lookup->getRevisionById( (int)$row->page_latest );
			$content = $revision ? $revision->getContent( SlotRecord::MAIN ) : null;
			if ( $content instanceof TextContent ) {
				$found[strtr( substr( $row->page_title, strlen( $key ) ), '_', ' ' )] = [
					$content->getText(), $row->actor_name ];
			}
		}
		return $found;
	}

	/** Whether a translation is fuzzy (Translate's MessageHandle::hasFuzzyString). */
	public static function fuzzy( string $text ): bool {
		return strpos( $text, self::FUZZY ) !== false;
	}
}

/** meta=messagegroupstats, for the groups `page-TITLE` of marked pages. */
class HubbotApiQueryMessageGroupStats extends ApiQueryBase {
	public function __construct( ApiQuery $query, $moduleName ) {
		parent::__construct( $query, $moduleName, 'mgs' );
	}

	public function getCacheMode( $params ) {
		return 'public';
	}

	public function execute() {
		$params = $this->extractRequestParams();
		$source = HubbotTranslateGroups::groupSource( $params['group'] );
		if ( !$source ) {
			$this->dieWithError( [ 'apierror-badparameter', 'mgsgroup' ] );
		}
		$units = HubbotTranslateGroups::units( $source );
		$total = count( $units );
		$counts = [];
		foreach ( HubbotTranslateGroups::pages( $source->getPrefixedText() ) as $rest => [ $text, ] ) {
			if ( !preg_match( '~^(.+)/([^/]+)$~', $rest, $m ) || !array_key_exists( $m[1], $units ) ) {
				continue;
			}
			$counts[$m[2]][HubbotTranslateGroups::fuzzy( $text ) ? 'fuzzy' : 'translated'] =
				( $counts[$m[2]][HubbotTranslateGroups::fuzzy( $text ) ? 'fuzzy' : 'translated'] ?? 0 ) + 1;
		}
		$sourceCode = $source->getPageLanguage()->getCode();
		$counts[$sourceCode] = [ 'translated' => $total ];
		$codes = array_keys( MediaWikiServices::getInstance()->getLanguageNameUtils()
			->getLanguageNames( LanguageNameUtils::AUTONYMS, LanguageNameUtils::DEFINED ) );
		sort( $codes, SORT_STRING );
		$result = $this->getResult();
		foreach ( $codes as $code ) {
			if ( strcmp( $code, (string)$params['offset'] ) < 0 ) {
				continue;
			}
			$data = [ 'total' => $total, 'translated' => $counts[$code]['translated'] ?? 0,
				'fuzzy' => $counts[$code]['fuzzy'] ?? 0, 'proofread' => 0 ];
			if ( $params['suppresscomplete'] && $data['fuzzy'] === 0 && $data['translated'] === $data['total'] ) {
				continue;
			}
			if ( $params['suppressempty'] && $data['translated'] === 0 && $data['fuzzy'] === 0 ) {
				continue;
			}
			if ( $params['suppressempty'] && $total && ( $data['translated'] / $total ) < 0.02 ) {
				continue;
			}
			$data['code'] = $code;
			$data['language'] = $code;
			$result->addValue( [ 'query', $this->getModuleName() ], null, $data );
		}
		$result->addIndexedTagName( [ 'query', $this->getModuleName() ], 'stats' );
	}

	protected function getAllowedParams() {
		return [
			'offset' => [ ParamValidator::PARAM_DEFAULT => '0', ParamValidator::PARAM_TYPE => 'string' ],
			'group' => [ ParamValidator::PARAM_TYPE => 'string', ParamValidator::PARAM_REQUIRED => true ],
			'suppresscomplete' => false,
			'suppressempty' => false,
		];
	}
}
