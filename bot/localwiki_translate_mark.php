<?php
/**
 * Mark a page for translation on the local wiki, as a translation admin does on Meta
 * (Special:PageTranslation): `hubbot localwiki mark DIR TITLE` runs
 *
 *     MW_CONFIG_FILE=DIR/LocalSettings.php php bot/localwiki_translate_mark.php [--user Admin] TITLE
 *
 * Units without a marker get one (a new revision of TITLE), the current revision is marked
 * (a pagetranslation/mark log entry) and FuzzyBot builds TITLE/xx for every language that
 * has a Translations:TITLE/<unit>/xx page. See bot/localwiki_translate.php.
 */

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

class HubbotMarkForTranslation extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Mark a page for translation (the Translate stand-in of the local wiki)' );
		$this->addOption( 'user', 'the translation admin who marks (default: Admin)', false, true );
		$this->addArg( 'title', 'the translatable page' );
	}

	public function execute() {
		$title = Title::newFromText( $this->getArg( 0 ) );
		$user = User::newFromName( $this->getOption( 'user', 'Admin' ) );
		if ( !$title || !$user || !$user->isRegistered() ) {
			$this->fatalError( 'mark: no such page title or user' );
		}
		try {
			[ $revision, $built ] = HubbotTranslateStandin::mark( $title, $user );
		} catch ( HubbotTranslateError $e ) {
			$this->fatalError( "mark: $title: " . $e->getMessage() );
		}
		$this->output( "marked revision $revision of " . $title->getPrefixedText() . " for translation\n" );
		foreach ( $built as $code => $what ) {
			$this->output( $title->getPrefixedText() . "/$code: $what\n" );
		}
	}
}

$maintClass = HubbotMarkForTranslation::class;
require_once RUN_MAINTENANCE_IF_MAIN;
