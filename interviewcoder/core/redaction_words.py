"""Word lists the redactor needs to tell a name from an ordinary word.

- ``COMMON``: function words of the languages studies are run in, and ordinary words that are
  also first names or surnames. A name part that is one of them (``Will``, ``May``, ``Le``)
  is replaced only when written with a capital (or inside a full name or an identifier such as
  ``will_smith``); every other part is replaced in any case.
- ``NOT_A_NAME``: role labels and titles that are never a person's name on their own
  (``Interviewer``, ``Speaker 2``, ``Dr``).
- ``LEGAL_FORMS``: the company-form words of a ``--redact-term`` (``Corp``, ``GmbH``) that
  are not replaced on their own.
"""

from __future__ import annotations

_EN = """a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours out over
own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why
will with would yes you your yours yet may might must shall ok okay well oh hi hey thanks
thank please sure really one two three four five six seven eight nine ten first last next new
good great best fine long young white black brown green gray grey king park rich frank dean drew
mark bill grant hope faith joy rose june april august sky summer dawn guy jack ray gene chase
hunter cash price lane wood hill stone bell page day art sue pat max rob don will amber
ruby pearl iris ivy holly olive glen dale cliff rocky sunny earl duke major miles hall ward
mason baker cook carter turner fisher hunt booth wells banks"""
_FR = """le la les un une des du de d l et ou où mais donc or ni car à au aux en dans par pour
sur sous avec sans chez ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos
leur leurs je tu il elle on nous vous ils elles me te se moi toi lui eux y ne pas plus que qui
quoi dont si oui non très bien tout tous toute toutes même aussi alors comme est sont était été
être avoir ai as a ont fait faire peu avant après encore déjà bon belle blanc rose pierre"""
_DE = """der die das den dem des ein eine einen einem einer eines und oder aber doch denn
sondern in im an am auf aus bei mit nach seit von vom zu zum zur für über unter vor hinter
neben zwischen ich du er sie es wir ihr mich dich sich uns euch mein dein sein unser euer
nicht kein keine ja nein auch noch schon nur sehr wie was wer wo wann warum ist sind war waren
hat haben wird werden kann können muss gut neu alt klein groß weiß schwarz braun koch müller
schmidt schneider fischer weber meyer wagner becker schulz hoffmann bauer richter wolf neumann
schwarz zimmermann braun krüger hartmann lange werner krause lehmann köhler herrmann walter"""
_ES_IT_NL_PT = """el los las lo al del y o u e pero con sin por para en entre sobre tras su sus
mi mis tu tus yo nosotros ustedes ellos ellas es son fue ser estar muy sí il lo gli di da
dei degli delle della dello che chi non con per tra fra questo quello sono het een van ik je
jij hij zij wij jullie niet wel ook maar dat dit die deze voor naar bij uit om te op aan
os as um uma dos das no na nos nas pelo pela não sim ele ela eles elas"""

COMMON = frozenset(" ".join((_EN, _FR, _DE, _ES_IT_NL_PT)).split())

NOT_A_NAME = frozenset("""interviewer interviewers interviewee moderator facilitator host
cohost co-host speaker speakers participant participants respondent respondents customer client
user guest researcher research team unknown anonymous anon admin agent caller note notes
transcript transcriber narrator audience other others everyone all group voice question answer
interview mr mrs ms mx miss dr prof sir madam jr sr ii iii iv phd""".split())

LEGAL_FORMS = frozenset("""corp corporation co company inc incorporated ltd limited llc llp lp
plc gmbh ag kg ohg ug sa sas sarl sàrl eurl nv bv spa srl oy ab as asa aps pty pvt group
holding holdings international intl global technologies technology tech labs software systems
solutions services partners the and of""".split())
