<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>BufferClient</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>original format</source>
        <translation>Originalformat</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sendet</translation>
    </message>
    <message>
        <source>waiting for room</source>
        <translation>wartet auf Platz</translation>
    </message>
    <message>
        <source>waiting for an item</source>
        <translation>wartet auf ein Element</translation>
    </message>
    <message>
        <source>processing</source>
        <translation>verarbeitet</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>schläft</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>versucht erneut</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>BufferStrategy</name>
    <message>
        <source>Two counting semaphores (free and filled slots) and a mutex, as in the original</source>
        <translation>Zwei zählende Semaphore (freie und belegte Plätze) und ein Mutex, wie im Original</translation>
    </message>
    <message>
        <source>One mutex and two condition variables (not full, not empty)</source>
        <translation>Ein Mutex und zwei Bedingungsvariablen (nicht voll, nicht leer)</translation>
    </message>
    <message>
        <source>Broken on purpose: no lock at all; records get lost and duplicated</source>
        <translation>Absichtlich fehlerhaft: gar keine Sperre; Datensätze gehen verloren und werden doppelt verarbeitet</translation>
    </message>
    <message>
        <source>Broken on purpose: producers lock the mutex before waiting for a free slot</source>
        <translation>Absichtlich fehlerhaft: Erzeuger sperren den Mutex, bevor sie auf einen freien Platz warten</translation>
    </message>
</context>
<context>
    <name>BufferView</name>
    <message>
        <source>Buffer</source>
        <translation>Puffer</translation>
    </message>
    <message>
        <source>%1: %2 in %3 slots — %4 %5 (hatched)</source>
        <translation>%1: %2 auf %3 Plätzen — %4 %5 (schraffiert)</translation>
    </message>
    <message>
        <source>%1: %2 records, shrinking to %3 slots (hatched slots are going away)</source>
        <translation>%1: %2 Datensätze, schrumpft auf %3 Plätze (schraffierte Plätze fallen weg)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 slots filled</source>
        <translation>%1: %2 von %3 Plätzen belegt</translation>
    </message>
    <message>
        <source> — full, producers must wait</source>
        <translation> — voll, Erzeuger müssen warten</translation>
    </message>
    <message>
        <source> — empty, consumers must wait</source>
        <translation> — leer, Verbraucher müssen warten</translation>
    </message>
    <message>
        <source>Producers</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Verbraucher</translation>
    </message>
    <message>
        <source>%1 (student %2)</source>
        <translation>%1 (Student %2)</translation>
    </message>
    <message>
        <source>in</source>
        <extracomment>the marker of the next slot a producer fills</extracomment>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <extracomment>the marker of the next slot a consumer empties</extracomment>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>BufferViewAccessible</name>
    <message>
        <source>slot %1: empty</source>
        <translation>Platz %1: leer</translation>
    </message>
    <message>
        <source>slot %1: student %2</source>
        <translation>Platz %1: Student %2</translation>
    </message>
    <message>
        <source>slot %1: student %2, %3</source>
        <translation>Platz %1: Student %2, %3</translation>
    </message>
    <message>
        <source>, flagged by the checker</source>
        <translation>, vom Prüfer markiert</translation>
    </message>
    <message>
        <source>, going away (the buffer is shrinking)</source>
        <translation>, fällt weg (der Puffer schrumpft)</translation>
    </message>
    <message>
        <source>the next record goes in here</source>
        <translation>hier kommt der nächste Datensatz hinein</translation>
    </message>
    <message>
        <source>the next record comes out of here</source>
        <translation>hier kommt der nächste Datensatz heraus</translation>
    </message>
    <message>
        <source>Capacity %1, %2 filled.</source>
        <translation>Kapazität %1, %2 belegt.</translation>
    </message>
    <message>
        <source>Full: producers must wait.</source>
        <translation>Voll: Erzeuger müssen warten.</translation>
    </message>
    <message>
        <source>Empty: consumers must wait.</source>
        <translation>Leer: Verbraucher müssen warten.</translation>
    </message>
    <message>
        <source>Shrinking: %1 slots are going away.</source>
        <translation>Schrumpft: %1 Plätze fallen weg.</translation>
    </message>
    <message>
        <source>Next insert at slot %1, next remove at slot %2.</source>
        <translation>Nächstes Einfügen in Platz %1, nächstes Entnehmen aus Platz %2.</translation>
    </message>
    <message numerus="yes">
        <source>The checker flagged %n record(s).</source>
        <translation>
            <numerusform>Der Prüfer hat %n Datensatz markiert.</numerusform>
            <numerusform>Der Prüfer hat %n Datensätze markiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Producer</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Verbraucher</translation>
    </message>
    <message>
        <source>%1 (external)</source>
        <translation>%1 (extern)</translation>
    </message>
    <message>
        <source>%1 put</source>
        <extracomment>an external producer&apos;s count of items put, or a consumer&apos;s of items taken</extracomment>
        <translation>%1 abgelegt</translation>
    </message>
    <message>
        <source>%1 taken</source>
        <translation>%1 entnommen</translation>
    </message>
    <message>
        <source>%1 (gave back %2)</source>
        <translation>%1 (%2 zurückgegeben)</translation>
    </message>
    <message>
        <source>Joined from elsewhere (another terminal or machine): what the server knows about it</source>
        <translation>Von außen verbunden (anderes Terminal oder anderer Rechner): was der Server über ihn weiß</translation>
    </message>
    <message>
        <source>Mean time the server held a request back (buffer full or empty), in milliseconds</source>
        <translation>Mittlere Zeit, die der Server eine Anfrage zurückhielt (Puffer voll oder leer), in Millisekunden</translation>
    </message>
    <message>
        <source>Items put (producers) or processed and acknowledged (consumers), of the total</source>
        <translation>Abgelegte (Erzeuger) oder verarbeitete und bestätigte (Verbraucher) Elemente, von insgesamt</translation>
    </message>
    <message>
        <source>Original format only: requests repeated because the buffer was full or empty</source>
        <translation>Nur Originalformat: Anfragen, die wiederholt wurden, weil der Puffer voll oder leer war</translation>
    </message>
    <message>
        <source>Times the connection was lost and made again</source>
        <translation>Wie oft die Verbindung abbrach und neu aufgebaut wurde</translation>
    </message>
    <message>
        <source>Times the server held a request back because the buffer was full or empty</source>
        <translation>Wie oft der Server eine Anfrage zurückhielt, weil der Puffer voll oder leer war</translation>
    </message>
    <message>
        <source>Mean time from sending a put or take to its answer, in milliseconds</source>
        <translation>Mittlere Zeit vom Senden eines Ablegens oder Entnehmens bis zur Antwort, in Millisekunden</translation>
    </message>
    <message>
        <source>Items per second over the client&apos;s run</source>
        <translation>Elemente pro Sekunde über den Lauf des Clients</translation>
    </message>
    <message>
        <source>Consumers: items they got that another consumer had gone away with, unacknowledged; in brackets, items they gave back by going away themselves</source>
        <translation>Verbraucher: Elemente, die sie bekamen, nachdem ein anderer Verbraucher unbestätigt damit verschwunden war; in Klammern Elemente, die sie selbst durch Verschwinden zurückgaben</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>Neuverbindungen</translation>
    </message>
    <message>
        <source>Waits</source>
        <translation>Wartezeiten</translation>
    </message>
    <message>
        <source>Mean wait (ms)</source>
        <translation>Mittl. Wartezeit (ms)</translation>
    </message>
    <message>
        <source>Items/s</source>
        <translation>Elemente/s</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>Erneut zugestellt</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>… faster than anyone can read: earlier lines of this moment are not shown</source>
        <translation>… schneller, als man lesen kann: frühere Zeilen dieses Moments werden nicht gezeigt</translation>
    </message>
    <message>
        <source>… and %1 more findings at this moment (see the statistics)</source>
        <translation>… und %1 weitere Befunde in diesem Moment (siehe Statistik)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>BufferLab</source>
        <translation>BufferLab</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>Szenario ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Load a run&apos;s settings from a scenario file</source>
        <translation>Die Einstellungen eines Laufs aus einer Szenariodatei laden</translation>
    </message>
    <message>
        <source>&amp;Save scenario…</source>
        <translation>Szenario &amp;speichern…</translation>
    </message>
    <message>
        <source>Save the Threads tab&apos;s settings as a scenario file to hand out</source>
        <translation>Die Einstellungen des Threads-Tabs als Szenariodatei zum Weitergeben speichern</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>Beis&amp;piele</translation>
    </message>
    <message>
        <source>Journal as &amp;CSV…</source>
        <translation>Journal als &amp;CSV…</translation>
    </message>
    <message>
        <source>Journal and statistics as &amp;JSON…</source>
        <translation>Journal und Statistik als &amp;JSON…</translation>
    </message>
    <message>
        <source>&amp;Statistics as CSV…</source>
        <translation>&amp;Statistik als CSV…</translation>
    </message>
    <message>
        <source>Statistics as JS&amp;ON…</source>
        <translation>Statistik als JS&amp;ON…</translation>
    </message>
    <message>
        <source>&amp;Timeline as PNG…</source>
        <translation>&amp;Zeitleiste als PNG…</translation>
    </message>
    <message>
        <source>C&amp;harts as PNG…</source>
        <translation>&amp;Diagramme als PNG…</translation>
    </message>
    <message>
        <source>Start a run in the Threads tab first</source>
        <translation>Starten Sie zuerst einen Lauf im Threads-Tab</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About BufferLab</source>
        <translation>Ü&amp;ber BufferLab</translation>
    </message>
    <message>
        <source>About BufferLab</source>
        <translation>Über BufferLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;BufferLab %1&lt;/h3&gt;&lt;p&gt;The producer-consumer problem, made visible.&lt;/p&gt;&lt;p&gt;Producer threads generate student records and put them into a bounded buffer; consumer threads take them out and grade them. Watch the buffer fill and drain, see who waits for whom, and change the buffer size and the delays while it runs.&lt;/p&gt;&lt;p&gt;The Network tab runs the buffer as a TCP server: producer and consumer clients connect to it, from this program, another terminal or another machine.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;BufferLab %1&lt;/h3&gt;&lt;p&gt;Das Erzeuger-Verbraucher-Problem, sichtbar gemacht.&lt;/p&gt;&lt;p&gt;Erzeuger-Threads erzeugen Studentendatensätze und legen sie in einen begrenzten Puffer; Verbraucher-Threads nehmen sie heraus und benoten sie. Sehen Sie zu, wie sich der Puffer füllt und leert, wer auf wen wartet, und ändern Sie Puffergröße und Verzögerungen, während er läuft.&lt;/p&gt;&lt;p&gt;Der Netzwerk-Tab betreibt den Puffer als TCP-Server: Erzeuger- und Verbraucher-Clients verbinden sich mit ihm, aus diesem Programm, einem anderen Terminal oder von einem anderen Rechner.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>BufferLab scenarios (*.blscenario *.json);;All files (*)</source>
        <translation>BufferLab-Szenarien (*.blscenario *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>Lauf exportieren</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot export the run</source>
        <translation>Der Lauf kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source> (the first %L1 events of the run)</source>
        <translation> (die ersten %L1 Ereignisse des Laufs)</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation>Das Szenario kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>This scenario cannot be used:

%1</source>
        <translation>Dieses Szenario ist nicht verwendbar:

%1</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>Szenario speichern</translation>
    </message>
    <message>
        <source>Cannot save the scenario</source>
        <translation>Das Szenario kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved the settings as %1</source>
        <translation>Einstellungen als %1 gespeichert</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Producers and consumers as threads in this program</source>
        <translation>Erzeuger und Verbraucher als Threads in diesem Programm</translation>
    </message>
    <message>
        <source>A buffer server and its clients over TCP</source>
        <translation>Ein Pufferserver und seine Clients über TCP</translation>
    </message>
    <message>
        <source>E&amp;xport run</source>
        <translation>Lauf e&amp;xportieren</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings panel</source>
        <translation>&amp;Einstellungsleiste</translation>
    </message>
    <message>
        <source>Show or hide the Threads tab&apos;s settings (F9)</source>
        <translation>Die Einstellungen des Threads-Tabs ein- oder ausblenden (F9)</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <source>Full screen without the settings panel, for a projector (F11)</source>
        <translation>Vollbild ohne Einstellungsleiste, für den Beamer (F11)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>&amp;Netzwerk</translation>
    </message>
    <message>
        <source>Start &amp;server</source>
        <translation>&amp;Server starten</translation>
    </message>
    <message>
        <source>Listen with the Network tab&apos;s host, port and buffer size</source>
        <translation>Mit Host, Port und Puffergröße des Netzwerk-Tabs lauschen</translation>
    </message>
    <message>
        <source>S&amp;top server</source>
        <translation>Server st&amp;oppen</translation>
    </message>
    <message>
        <source>Stop this tab&apos;s clients, close every connection and stop listening</source>
        <translation>Die Clients dieses Tabs stoppen, alle Verbindungen schließen und nicht mehr lauschen</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Show the %1 tab</source>
        <translation>%1-Tab zeigen</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Is another server running on this port? Choose another port, or stop the other one.</source>
        <translation>Läuft schon ein anderer Server auf diesem Port? Wählen Sie einen anderen Port oder beenden Sie den anderen Server.</translation>
    </message>
    <message>
        <source>Ports below 1024 need administrator rights: choose one above 1024.</source>
        <translation>Ports unter 1024 brauchen Administratorrechte: Wählen Sie einen über 1024.</translation>
    </message>
    <message>
        <source>This computer has no such address: try 127.0.0.1 or 0.0.0.0.</source>
        <translation>Dieser Rechner hat keine solche Adresse: Versuchen Sie 127.0.0.1 oder 0.0.0.0.</translation>
    </message>
    <message>
        <source>Try another port or host.</source>
        <translation>Versuchen Sie einen anderen Port oder Host.</translation>
    </message>
    <message>
        <source>… faster than anyone can read: earlier lines of this moment are not shown</source>
        <translation>… schneller, als man lesen kann: frühere Zeilen dieses Moments werden nicht gezeigt</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Server buffer</source>
        <translation>Serverpuffer</translation>
    </message>
    <message>
        <source>waiting for an item</source>
        <translation>wartet auf ein Element</translation>
    </message>
    <message>
        <source>Server log</source>
        <translation>Serverprotokoll</translation>
    </message>
    <message>
        <source>Start one more producer client in this program (starts the server if needed)</source>
        <translation>Einen weiteren Erzeuger-Client in diesem Programm starten (startet bei Bedarf den Server)</translation>
    </message>
    <message>
        <source>Start one more consumer client in this program (starts the server if needed)</source>
        <translation>Einen weiteren Verbraucher-Client in diesem Programm starten (startet bei Bedarf den Server)</translation>
    </message>
    <message>
        <source>Start the server if needed, then two producers and two consumers</source>
        <translation>Bei Bedarf den Server starten, dann zwei Erzeuger und zwei Verbraucher</translation>
    </message>
    <message>
        <source>Cut the selected client&apos;s connection, as a crash would. It reconnects by itself; an item it held unacknowledged goes back to the buffer.</source>
        <translation>Die Verbindung des gewählten Clients kappen, wie es ein Absturz täte. Er verbindet sich selbst neu; ein unbestätigtes Element, das er hielt, geht zurück in den Puffer.</translation>
    </message>
    <message>
        <source>Stop every client this tab started; the server keeps running</source>
        <translation>Alle Clients stoppen, die dieser Tab gestartet hat; der Server läuft weiter</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an address: try 127.0.0.1 (this computer only) or 0.0.0.0 (let other machines join)</source>
        <translation>„%1“ ist keine Adresse: Versuchen Sie 127.0.0.1 (nur dieser Rechner) oder 0.0.0.0 (andere Rechner dürfen sich verbinden)</translation>
    </message>
    <message>
        <source>Cannot start the server: %1</source>
        <translation>Der Server kann nicht starten: %1</translation>
    </message>
    <message>
        <source>%1 — %2 in %3 s (%4 items/s): %5</source>
        <translation>%1 — %2 in %3 s (%4 Elemente/s): %5</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element</numerusform>
            <numerusform>%Ln Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>external · %1</source>
        <translation>extern · %1</translation>
    </message>
    <message>
        <source>put back by consumers that went away</source>
        <translation>von verschwundenen Verbrauchern zurückgelegt</translation>
    </message>
    <message>
        <source>Client log — select a client in the table</source>
        <translation>Client-Protokoll — wählen Sie einen Client in der Tabelle</translation>
    </message>
    <message>
        <source>Log of %1</source>
        <translation>Protokoll von %1</translation>
    </message>
    <message>
        <source>Server log lines about %1 (external)</source>
        <translation>Serverprotokoll über %1 (extern)</translation>
    </message>
    <message>
        <source>Server stopped — press Start server or Launch 2 + 2</source>
        <translation>Server gestoppt — drücken Sie „Server starten“ oder „2 + 2 starten“</translation>
    </message>
    <message>
        <source>Server stopped</source>
        <translation>Server gestoppt</translation>
    </message>
    <message>
        <source>Waiting for clients — Add producer, Add consumer or Launch 2 + 2</source>
        <translation>Warte auf Clients — Erzeuger hinzufügen, Verbraucher hinzufügen oder 2 + 2 starten</translation>
    </message>
    <message>
        <source>Run finished — %1</source>
        <translation>Lauf beendet — %1</translation>
    </message>
    <message>
        <source>Server stopped — press Start server, or Launch 2 + 2 to start it with two producers and two consumers</source>
        <translation>Server gestoppt — drücken Sie „Server starten“ oder „2 + 2 starten“, um ihn mit zwei Erzeugern und zwei Verbrauchern zu starten</translation>
    </message>
    <message>
        <source>Server stopped. Last run: %1</source>
        <translation>Server gestoppt. Letzter Lauf: %1</translation>
    </message>
    <message>
        <source>Server on %1 port %2 — %3 and %4 running, %5 acknowledged, %6 in the buffer</source>
        <translation>Server auf %1 Port %2 — %3 und %4 laufen, %5 bestätigt, %6 im Puffer</translation>
    </message>
    <message numerus="yes">
        <source>%Ln producer(s)</source>
        <translation>
            <numerusform>%Ln Erzeuger</numerusform>
            <numerusform>%Ln Erzeuger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer(s)</source>
        <translation>
            <numerusform>%Ln Verbraucher</numerusform>
            <numerusform>%Ln Verbraucher</numerusform>
        </translation>
    </message>
    <message>
        <source>Server listening on %1 port %2 — add producers and consumers, or join from a terminal: %3</source>
        <translation>Server lauscht auf %1 Port %2 — fügen Sie Erzeuger und Verbraucher hinzu oder verbinden Sie sich aus einem Terminal: %3</translation>
    </message>
    <message>
        <source>Each client&apos;s state, items, retries, reconnects and waits</source>
        <translation>Zustand, Elemente, Wiederholungen, Neuverbindungen und Wartezeiten jedes Clients</translation>
    </message>
    <message>
        <source>Client log</source>
        <translation>Client-Protokoll</translation>
    </message>
    <message>
        <source>The log of the client selected in the table</source>
        <translation>Das Protokoll des in der Tabelle gewählten Clients</translation>
    </message>
    <message>
        <source>Add &amp;producer</source>
        <translation>&amp;Erzeuger hinzufügen</translation>
    </message>
    <message>
        <source>Add &amp;consumer</source>
        <translation>&amp;Verbraucher hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Launch 2 + 2</source>
        <translation>2 + 2 sta&amp;rten</translation>
    </message>
    <message>
        <source>&amp;Disconnect client</source>
        <translation>Client &amp;trennen</translation>
    </message>
    <message>
        <source>Stop &amp;all</source>
        <translation>&amp;Alle stoppen</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsPanel</name>
    <message>
        <source>Only programs on this computer can connect</source>
        <translation>Nur Programme auf diesem Rechner können sich verbinden</translation>
    </message>
    <message>
        <source>Other machines on the network can join too</source>
        <translation>Auch andere Rechner im Netzwerk können sich verbinden</translation>
    </message>
    <message>
        <source>Buffer size (slots)</source>
        <translation>Puffergröße (Plätze)</translation>
    </message>
    <message>
        <source>How many items fit in the server&apos;s buffer. Applies at once, even while it runs.</source>
        <translation>Wie viele Elemente in den Puffer des Servers passen. Gilt sofort, auch während er läuft.</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>Server starten</translation>
    </message>
    <message>
        <source>Listen for producers and consumers on this host and port</source>
        <translation>Auf diesem Host und Port auf Erzeuger und Verbraucher warten</translation>
    </message>
    <message>
        <source>Stop server</source>
        <translation>Server stoppen</translation>
    </message>
    <message>
        <source>Stop this tab&apos;s clients, close every connection and stop listening</source>
        <translation>Die Clients dieses Tabs stoppen, alle Verbindungen schließen und nicht mehr lauschen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Join from another terminal:</source>
        <translation>Aus einem anderen Terminal verbinden:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Items each producer puts, and each consumer takes</source>
        <translation>Elemente, die jeder Erzeuger ablegt und jeder Verbraucher entnimmt</translation>
    </message>
    <message>
        <source>Time between a client&apos;s items, drawn between min and max. A consumer spends it processing the item before it acknowledges it.</source>
        <translation>Zeit zwischen den Elementen eines Clients, zufällig zwischen Min. und Max. Ein Verbraucher verarbeitet damit das Element, bevor er es bestätigt.</translation>
    </message>
    <message>
        <source>Student records</source>
        <translation>Studentendatensätze</translation>
    </message>
    <message>
        <source>Plain text items</source>
        <translation>Reine Textelemente</translation>
    </message>
    <message>
        <source>Producers send ITStudent records as XML; consumers grade them</source>
        <translation>Erzeuger senden ITStudent-Datensätze als XML; Verbraucher benoten sie</translation>
    </message>
    <message>
        <source>Producers send the original&apos;s &quot;P1-Item-3&quot; strings</source>
        <translation>Erzeuger senden die Zeichenketten „P1-Item-3“ des Originals</translation>
    </message>
    <message>
        <source>Original format (--legacy)</source>
        <translation>Originalformat (--legacy)</translation>
    </message>
    <message>
        <source>One request per connection, as the original program: a full or empty buffer is answered at once and the client retries a few times, 1 to 3 s apart</source>
        <translation>Eine Anfrage pro Verbindung, wie im Originalprogramm: Ein voller oder leerer Puffer wird sofort beantwortet, und der Client versucht es einige Male im Abstand von 1 bis 3 s erneut</translation>
    </message>
    <message>
        <source>New clients</source>
        <translation>Neue Clients</translation>
    </message>
    <message>
        <source>Items each</source>
        <translation>Elemente je</translation>
    </message>
    <message>
        <source>Interval min</source>
        <translation>Intervall min.</translation>
    </message>
    <message>
        <source>Interval max</source>
        <translation>Intervall max.</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Applies to clients added from now on.</source>
        <translation>Gilt für Clients, die ab jetzt hinzukommen.</translation>
    </message>
    <message>
        <source>Stop the server to change it</source>
        <translation>Stoppen Sie den Server, um dies zu ändern</translation>
    </message>
    <message>
        <source>&lt;b&gt;Listening&lt;/b&gt; on %1 port %2</source>
        <translation>&lt;b&gt;Lauscht&lt;/b&gt; auf %1 Port %2</translation>
    </message>
    <message>
        <source>Not an address: try 127.0.0.1 or 0.0.0.0</source>
        <translation>Keine Adresse: Versuchen Sie 127.0.0.1 oder 0.0.0.0</translation>
    </message>
    <message>
        <source>Only this computer can connect</source>
        <translation>Nur dieser Rechner kann sich verbinden</translation>
    </message>
    <message>
        <source>Other machines on the network can join</source>
        <translation>Andere Rechner im Netzwerk können sich verbinden</translation>
    </message>
    <message>
        <source>Machines that reach this address can join</source>
        <translation>Rechner, die diese Adresse erreichen, können sich verbinden</translation>
    </message>
    <message>
        <source>Join from another terminal on this computer:</source>
        <translation>Aus einem anderen Terminal auf diesem Rechner verbinden:</translation>
    </message>
    <message>
        <source>Join from another terminal or machine:</source>
        <translation>Aus einem anderen Terminal oder Rechner verbinden:</translation>
    </message>
    <message>
        <source>Server host</source>
        <translation>Serverhost</translation>
    </message>
    <message>
        <source>127.0.0.1: only this computer; 0.0.0.0: other machines can join</source>
        <translation>127.0.0.1: nur dieser Rechner; 0.0.0.0: andere Rechner können sich verbinden</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>Serverport</translation>
    </message>
    <message>
        <source>Server buffer size in slots</source>
        <translation>Puffergröße des Servers in Plätzen</translation>
    </message>
    <message>
        <source>Items each client</source>
        <translation>Elemente je Client</translation>
    </message>
    <message>
        <source>Client interval minimum, seconds</source>
        <translation>Mindestintervall der Clients, Sekunden</translation>
    </message>
    <message>
        <source>Client interval maximum, seconds</source>
        <translation>Höchstintervall der Clients, Sekunden</translation>
    </message>
    <message>
        <source>Kind of items</source>
        <translation>Art der Elemente</translation>
    </message>
    <message>
        <source>Student records as XML, or the original&apos;s plain text items</source>
        <translation>Studentendatensätze als XML oder die reinen Textelemente des Originals</translation>
    </message>
</context>
<context>
    <name>NetworkStatisticsPanel</name>
    <message>
        <source>In buffer</source>
        <translation>Im Puffer</translation>
    </message>
    <message>
        <source>Put</source>
        <translation>Abgelegt</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Entnommen</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Redelivered</source>
        <translation>Erneut zugestellt</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Items/s</source>
        <translation>Elemente/s</translation>
    </message>
    <message>
        <source>Items in the server&apos;s buffer now, of its slots</source>
        <translation>Elemente jetzt im Puffer des Servers, von seinen Plätzen</translation>
    </message>
    <message>
        <source>Items producers put into the buffer</source>
        <translation>Elemente, die Erzeuger in den Puffer legten</translation>
    </message>
    <message>
        <source>Items consumers took out (redeliveries included)</source>
        <translation>Elemente, die Verbraucher entnahmen (erneute Zustellungen eingeschlossen)</translation>
    </message>
    <message>
        <source>Items consumers processed and acknowledged, so the server forgot them</source>
        <translation>Elemente, die Verbraucher verarbeitet und bestätigt haben, sodass der Server sie vergaß</translation>
    </message>
    <message>
        <source>Items taken again after the consumer that had them went away without acknowledging</source>
        <translation>Elemente, die erneut entnommen wurden, nachdem ihr Verbraucher ohne Bestätigung verschwand</translation>
    </message>
    <message>
        <source>Producers waiting for room / consumers waiting for an item, now</source>
        <translation>Erzeuger, die auf Platz warten / Verbraucher, die auf ein Element warten, jetzt</translation>
    </message>
    <message>
        <source>Producers / consumers connected now</source>
        <translation>Jetzt verbundene Erzeuger / Verbraucher</translation>
    </message>
    <message>
        <source>Time since the server started</source>
        <translation>Zeit seit dem Start des Servers</translation>
    </message>
    <message>
        <source>Acknowledged items per second</source>
        <translation>Bestätigte Elemente pro Sekunde</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Items this run&apos;s consumers processed and acknowledged</source>
        <translation>Elemente, die die Verbraucher dieses Laufs verarbeitet und bestätigt haben</translation>
    </message>
    <message>
        <source>From the first client of the run to the last one finishing</source>
        <translation>Vom ersten Client des Laufs bis zum Ende des letzten</translation>
    </message>
    <message>
        <source>Throughput: items per second over the run</source>
        <translation>Durchsatz: Elemente pro Sekunde über den Lauf</translation>
    </message>
    <message>
        <source>Items that went back to the buffer and were delivered again</source>
        <translation>Elemente, die in den Puffer zurückgingen und erneut zugestellt wurden</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Live — server %1:%2</source>
        <translation>Live — Server %1:%2</translation>
    </message>
    <message>
        <source>Live statistics</source>
        <translation>Live-Statistik</translation>
    </message>
    <message>
        <source>%1 / %2 (%3 over: put back)</source>
        <translation>%1 / %2 (%3 zu viel: zurückgelegt)</translation>
    </message>
    <message>
        <source>nothing lost (by the server&apos;s count)</source>
        <translation>nichts verloren (laut Zählung des Servers)</translation>
    </message>
    <message>
        <source>%1 lost (by the server&apos;s count)</source>
        <translation>%1 verloren (laut Zählung des Servers)</translation>
    </message>
    <message>
        <source>nothing lost or duplicated</source>
        <translation>nichts verloren oder doppelt</translation>
    </message>
    <message>
        <source>%1 lost</source>
        <translation>%1 verloren</translation>
    </message>
    <message>
        <source>%1 duplicated</source>
        <translation>%1 doppelt</translation>
    </message>
    <message numerus="yes">
        <source>, but %Ln item(s) dropped when the server stopped</source>
        <translation>
            <numerusform>, aber %Ln Element beim Stoppen des Servers verworfen</numerusform>
            <numerusform>, aber %Ln Elemente beim Stoppen des Servers verworfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Final statistics — %Ln client(s)%1</source>
        <translation>
            <numerusform>Endstatistik — %Ln Client%1</numerusform>
            <numerusform>Endstatistik — %Ln Clients%1</numerusform>
        </translation>
    </message>
    <message>
        <source>, stopped before the end</source>
        <translation>, vor dem Ende gestoppt</translation>
    </message>
    <message>
        <source>External clients moved items too, so the server counts for everyone: put %1, acknowledged %2, %3 still in it. Duplicates can only be checked item by item for this tab&apos;s own clients.</source>
        <translation>Auch externe Clients haben Elemente bewegt, daher zählt der Server für alle: %1 abgelegt, %2 bestätigt, %3 noch darin. Doppelte lassen sich nur für die eigenen Clients dieses Tabs Element für Element prüfen.</translation>
    </message>
    <message>
        <source>Put %1, acknowledged %2, left in the server %3</source>
        <translation>%1 abgelegt, %2 bestätigt, %3 im Server verblieben</translation>
    </message>
    <message>
        <source>, counting every run since the server started</source>
        <translation>, gezählt über alle Läufe seit dem Start des Servers</translation>
    </message>
    <message>
        <source> Stopped mid-run: an item whose acknowledgement was on its way counts as lost.</source>
        <translation> Mitten im Lauf gestoppt: Ein Element, dessen Bestätigung noch unterwegs war, zählt als verloren.</translation>
    </message>
    <message numerus="yes">
        <source> %Ln item(s) were still in the buffer when the server stopped, and dropped with it.</source>
        <translation>
            <numerusform> %Ln Element war beim Stoppen des Servers noch im Puffer und wurde mit ihm verworfen.</numerusform>
            <numerusform> %Ln Elemente waren beim Stoppen des Servers noch im Puffer und wurden mit ihm verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <source> The buffer could not be saved to %1: %2.</source>
        <translation> Der Puffer konnte nicht in %1 gespeichert werden: %2.</translation>
    </message>
    <message numerus="yes">
        <source> %Ln original-format consumer(s) closed without reading their reply (the original format has no acknowledgement): their items went back to the buffer.</source>
        <translation>
            <numerusform> %Ln Verbraucher im Originalformat schloss, ohne seine Antwort zu lesen (das Originalformat kennt keine Bestätigung): Sein Element ging zurück in den Puffer.</numerusform>
            <numerusform> %Ln Verbraucher im Originalformat schlossen, ohne ihre Antwort zu lesen (das Originalformat kennt keine Bestätigung): Ihre Elemente gingen zurück in den Puffer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordCard</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Student ID</source>
        <translation>Matrikelnummer</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Studiengang</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>Kurse</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>The record</source>
        <translation>Der Datensatz</translation>
    </message>
    <message>
        <source>Its journey</source>
        <translation>Sein Weg</translation>
    </message>
    <message>
        <source>XML file</source>
        <translation>XML-Datei</translation>
    </message>
    <message>
        <source>Student %1</source>
        <translation>Student %1</translation>
    </message>
    <message>
        <source>Student %1 — %2</source>
        <translation>Student %1 — %2</translation>
    </message>
    <message>
        <source>XML file (%1)</source>
        <translation>XML-Datei (%1)</translation>
    </message>
    <message>
        <source>average %1, %2</source>
        <translation>Durchschnitt %1, %2</translation>
    </message>
    <message>
        <source>&lt;i&gt;Nothing recorded about this record.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Über diesen Datensatz ist nichts aufgezeichnet.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Now: with %1, on its way into the buffer.</source>
        <translation>Jetzt: bei %1, auf dem Weg in den Puffer.</translation>
    </message>
    <message>
        <source>Now: in slot %1, waiting for a consumer.</source>
        <translation>Jetzt: auf Platz %1, wartet auf einen Verbraucher.</translation>
    </message>
    <message>
        <source>Now: with %1, being processed.</source>
        <translation>Jetzt: bei %1, wird verarbeitet.</translation>
    </message>
    <message>
        <source>The checker flagged this record: %1</source>
        <translation>Der Prüfer hat diesen Datensatz markiert: %1</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation> durch %1</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>file written</source>
        <translation>Datei geschrieben</translation>
    </message>
    <message>
        <source>inserted into slot %1</source>
        <translation>in Platz %1 eingefügt</translation>
    </message>
    <message>
        <source>removed from slot %1</source>
        <translation>aus Platz %1 entnommen</translation>
    </message>
    <message>
        <source>file read</source>
        <translation>Datei gelesen</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>verarbeitet</translation>
    </message>
    <message>
        <source>could not be processed</source>
        <translation>konnte nicht verarbeitet werden</translation>
    </message>
    <message>
        <source>CHECKER: %1</source>
        <translation>PRÜFER: %1</translation>
    </message>
</context>
<context>
    <name>RunCharts</name>
    <message>
        <source>Items in the buffer</source>
        <translation>Elemente im Puffer</translation>
    </message>
    <message>
        <source>items in the buffer</source>
        <translation>Elemente im Puffer</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>seconds since the run began</source>
        <translation>Sekunden seit Beginn des Laufs</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Students processed per second</source>
        <translation>Verarbeitete Studenten pro Sekunde</translation>
    </message>
    <message>
        <source>students per second</source>
        <translation>Studenten pro Sekunde</translation>
    </message>
    <message>
        <source>students/s</source>
        <translation>Studenten/s</translation>
    </message>
    <message>
        <source>Time blocked, per worker</source>
        <translation>Blockierte Zeit je Thread</translation>
    </message>
    <message>
        <source>producers</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>consumers</source>
        <translation>Verbraucher</translation>
    </message>
    <message>
        <source>seconds waiting for a slot, an item or the lock</source>
        <translation>Sekunden Warten auf einen Platz, ein Element oder die Sperre</translation>
    </message>
    <message>
        <source>seconds blocked</source>
        <translation>Sekunden blockiert</translation>
    </message>
    <message>
        <source>Items in the buffer (capacity %1)</source>
        <translation>Elemente im Puffer (Kapazität %1)</translation>
    </message>
    <message>
        <source>Students per second</source>
        <translation>Studenten pro Sekunde</translation>
    </message>
    <message>
        <source> (average %1)</source>
        <translation> (Durchschnitt %1)</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;small&gt;average %1&lt;/small&gt;</source>
        <translation>&lt;br&gt;&lt;small&gt;Durchschnitt %1&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>RunExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>No file name given.</source>
        <translation>Kein Dateiname angegeben.</translation>
    </message>
    <message>
        <source>There is nothing to save.</source>
        <translation>Es gibt nichts zu speichern.</translation>
    </message>
    <message>
        <source>Cannot save an empty picture.</source>
        <translation>Ein leeres Bild kann nicht gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Applies to the next run</source>
        <translation>Gilt ab dem nächsten Lauf</translation>
    </message>
    <message>
        <source>Buffer size (slots)</source>
        <translation>Puffergröße (Plätze)</translation>
    </message>
    <message>
        <source>How many records fit in the buffer. Applies at once, even during a run.</source>
        <translation>Wie viele Datensätze in den Puffer passen. Gilt sofort, auch während eines Laufs.</translation>
    </message>
    <message>
        <source>%1 (broken)</source>
        <translation>%1 (fehlerhaft)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Delay min</source>
        <translation>Verzög. min.</translation>
    </message>
    <message>
        <source>Delay max</source>
        <translation>Verzög. max.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Pause after each record, drawn between min and max. Applies at once, even during a run.</source>
        <translation>Pause nach jedem Datensatz, zufällig zwischen Min. und Max. Gilt sofort, auch während eines Laufs.</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>Studenten</translation>
    </message>
    <message>
        <source>How many student records travel through the buffer</source>
        <translation>Wie viele Studentendatensätze durch den Puffer wandern</translation>
    </message>
    <message>
        <source>Seed of this run:</source>
        <translation>Startwert dieses Laufs:</translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Put this seed in the Seed field, so the next run repeats this one</source>
        <translation>Diesen Startwert ins Feld „Startwert“ übernehmen, damit der nächste Lauf diesen wiederholt</translation>
    </message>
    <message>
        <source>Keep XML files</source>
        <translation>XML-Dateien behalten</translation>
    </message>
    <message>
        <source>Greyed-out settings apply to the next run.</source>
        <translation>Ausgegraute Einstellungen gelten ab dem nächsten Lauf.</translation>
    </message>
    <message>
        <source>Buffer</source>
        <translation>Puffer</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Producers</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Verbraucher</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>What will go wrong: with no lock, two producers can write into the same slot (one record is lost) and two consumers can take the same record (it is handled twice). Watch the red lines in the log and the Lost and Duplicated counts.</source>
        <translation>Was schiefgehen wird: Ohne Sperre können zwei Erzeuger in denselben Platz schreiben (ein Datensatz geht verloren) und zwei Verbraucher denselben Datensatz nehmen (er wird doppelt verarbeitet). Achten Sie auf die roten Zeilen im Protokoll und die Zähler „Verloren“ und „Doppelt“.</translation>
    </message>
    <message>
        <source>What will go wrong: a producer locks the mutex, then waits for a free slot while it holds it. Once the buffer is full, the consumer that would free a slot waits for that mutex, and nobody can move again. BufferLab spots the deadlock and stops the run.</source>
        <translation>Was schiefgehen wird: Ein Erzeuger sperrt den Mutex und wartet dann, während er ihn hält, auf einen freien Platz. Sobald der Puffer voll ist, wartet der Verbraucher, der einen Platz freigeben würde, auf diesen Mutex, und niemand kommt mehr weiter. BufferLab erkennt die Verklemmung und stoppt den Lauf.</translation>
    </message>
    <message>
        <source>Empty for a new random seed each run; a number repeats a run</source>
        <translation>Leer für einen neuen zufälligen Startwert je Lauf; eine Zahl wiederholt einen Lauf</translation>
    </message>
    <message>
        <source>Leave each studentN.xml file in %1 after it was read</source>
        <translation>Jede studentN.xml-Datei nach dem Lesen in %1 belassen</translation>
    </message>
    <message>
        <source>Buffer size in slots</source>
        <translation>Puffergröße in Plätzen</translation>
    </message>
    <message>
        <source>Producer threads</source>
        <translation>Erzeuger-Threads</translation>
    </message>
    <message>
        <source>How many producer threads the next run has</source>
        <translation>Wie viele Erzeuger-Threads der nächste Lauf hat</translation>
    </message>
    <message>
        <source>Consumer threads</source>
        <translation>Verbraucher-Threads</translation>
    </message>
    <message>
        <source>How many consumer threads the next run has</source>
        <translation>Wie viele Verbraucher-Threads der nächste Lauf hat</translation>
    </message>
    <message>
        <source>Producer delay minimum, milliseconds</source>
        <translation>Mindestverzögerung der Erzeuger, Millisekunden</translation>
    </message>
    <message>
        <source>Producer delay maximum, milliseconds</source>
        <translation>Höchstverzögerung der Erzeuger, Millisekunden</translation>
    </message>
    <message>
        <source>Consumer delay minimum, milliseconds</source>
        <translation>Mindestverzögerung der Verbraucher, Millisekunden</translation>
    </message>
    <message>
        <source>Consumer delay maximum, milliseconds</source>
        <translation>Höchstverzögerung der Verbraucher, Millisekunden</translation>
    </message>
    <message>
        <source>Synchronization strategy</source>
        <translation>Synchronisationsstrategie</translation>
    </message>
    <message>
        <source>semaphore and monitor are correct; unsafe and deadlock are broken on purpose</source>
        <translation>semaphore und monitor sind korrekt; unsafe und deadlock sind absichtlich fehlerhaft</translation>
    </message>
    <message>
        <source>Digits only; empty for a random seed. The same seed repeats a run.</source>
        <translation>Nur Ziffern; leer für einen zufälligen Startwert. Derselbe Startwert wiederholt einen Lauf.</translation>
    </message>
    <message>
        <source>Seed of this run</source>
        <translation>Startwert dieses Laufs</translation>
    </message>
    <message>
        <source>Leave each student&apos;s XML file on disk after it is consumed</source>
        <translation>Die XML-Datei jedes Studenten nach dem Verbrauchen auf dem Datenträger belassen</translation>
    </message>
    <message>
        <source>Leave each studentN.xml file after it was read, in a folder of its own for this run under %1 (the log names it at the end)</source>
        <translation>Jede studentN.xml-Datei nach dem Lesen belassen, in einem eigenen Ordner für diesen Lauf unter %1 (das Protokoll nennt ihn am Ende)</translation>
    </message>
    <message>
        <source>Seed of this run: %1</source>
        <translation>Startwert dieses Laufs: %1</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>Was sie bewirken</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <source>Move to the next or previous control, toolbars included</source>
        <translation>Zum nächsten oder vorigen Bedienelement wechseln, Werkzeugleisten eingeschlossen</translation>
    </message>
    <message>
        <source>Alt+underlined letter</source>
        <translation>Alt+unterstrichener Buchstabe</translation>
    </message>
    <message>
        <source>Open that menu</source>
        <translation>Dieses Menü öffnen</translation>
    </message>
    <message>
        <source>Space on a button, check box or combo box</source>
        <translation>Leertaste auf Schaltfläche, Kontrollkästchen oder Auswahlliste</translation>
    </message>
    <message>
        <source>Acts on that control (a run starts with F5 there)</source>
        <translation>Betätigt dieses Element (ein Lauf startet dort mit F5)</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>Mausrad</translation>
    </message>
    <message>
        <source>Scrolls the settings; changes a value only in the control with the focus</source>
        <translation>Blättert durch die Einstellungen; ändert einen Wert nur im Element mit dem Fokus</translation>
    </message>
    <message>
        <source>Buffer view</source>
        <translation>Pufferansicht</translation>
    </message>
    <message>
        <source>Left, Right, Up, Down, Home, End</source>
        <translation>Links, Rechts, Hoch, Herunter, Pos1, Ende</translation>
    </message>
    <message>
        <source>Move between the slots</source>
        <translation>Zwischen den Plätzen wechseln</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Open the record card of the record in the slot</source>
        <translation>Die Datensatzkarte des Datensatzes auf dem Platz öffnen</translation>
    </message>
    <message>
        <source>Processed students</source>
        <translation>Verarbeitete Studenten</translation>
    </message>
    <message>
        <source>Open the student&apos;s record card</source>
        <translation>Die Datensatzkarte des Studenten öffnen</translation>
    </message>
    <message>
        <source>Record card</source>
        <translation>Datensatzkarte</translation>
    </message>
    <message>
        <source>Space, .</source>
        <translation>Leertaste, .</translation>
    </message>
    <message>
        <source>Pause or resume, and step, while the card has the focus</source>
        <translation>Anhalten, Fortsetzen und Schritt, solange die Karte den Fokus hat</translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message numerus="yes">
        <source>%1 student(s)</source>
        <translation>
            <numerusform>%1 Student</numerusform>
            <numerusform>%1 Studenten</numerusform>
        </translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Erzeugt</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Verbraucht</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>In buffer</source>
        <translation>Im Puffer</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Students/s</source>
        <translation>Studenten/s</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Average mark</source>
        <translation>Notenschnitt</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <source>Duplicated</source>
        <translation>Doppelt</translation>
    </message>
    <message>
        <source>Records inserted into the buffer</source>
        <translation>In den Puffer eingefügte Datensätze</translation>
    </message>
    <message>
        <source>Records removed from the buffer and processed</source>
        <translation>Aus dem Puffer entnommene und verarbeitete Datensätze</translation>
    </message>
    <message>
        <source>Records whose XML file could not be written (by their producer) or read back and validated (by their consumer)</source>
        <translation>Datensätze, deren XML-Datei nicht geschrieben (vom Erzeuger) oder nicht zurückgelesen und geprüft (vom Verbraucher) werden konnte</translation>
    </message>
    <message>
        <source>Records in the buffer right now</source>
        <translation>Datensätze, die gerade im Puffer liegen</translation>
    </message>
    <message>
        <source>Produced but not yet consumed: in the buffer or in a consumer&apos;s hands</source>
        <translation>Erzeugt, aber noch nicht verbraucht: im Puffer oder in den Händen eines Verbrauchers</translation>
    </message>
    <message>
        <source>Time since the run started</source>
        <translation>Zeit seit dem Start des Laufs</translation>
    </message>
    <message>
        <source>Consumed records per second</source>
        <translation>Verbrauchte Datensätze pro Sekunde</translation>
    </message>
    <message>
        <source>Valid records with an average of 50 or more</source>
        <translation>Gültige Datensätze mit einem Durchschnitt von 50 oder mehr</translation>
    </message>
    <message>
        <source>Mean of the valid records&apos; averages</source>
        <translation>Mittelwert der Durchschnitte aller gültigen Datensätze</translation>
    </message>
    <message>
        <source>Records that went into the buffer and never came out (written over, or vanished), as the conservation checker counts them</source>
        <translation>Datensätze, die in den Puffer kamen und nie herauskamen (überschrieben oder verschwunden), gezählt vom Erhaltungsprüfer</translation>
    </message>
    <message>
        <source>Records taken out of the buffer more than once, as the conservation checker counts them</source>
        <translation>Datensätze, die mehr als einmal aus dem Puffer genommen wurden, gezählt vom Erhaltungsprüfer</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Live statistics — %1</source>
        <translation>Live-Statistik — %1</translation>
    </message>
    <message>
        <source>Final statistics — %1%2</source>
        <translation>Endstatistik — %1%2</translation>
    </message>
    <message>
        <source>, stopped before the end</source>
        <translation>, vor dem Ende gestoppt</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;Each waits for the next, so none can ever go on: the run was stopped.&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;Jeder wartet auf den Nächsten, sodass keiner je weiterkommt: Der Lauf wurde gestoppt.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;No one left can end these waits: the run was stopped.&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;Niemand ist mehr übrig, der dieses Warten beenden kann: Der Lauf wurde gestoppt.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>1 record failed: %1</source>
        <translation>1 Datensatz fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 records failed; the first: %2</source>
        <translation>%1 Datensätze fehlgeschlagen; der erste: %2</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Neither side waited much: the buffer kept both producers and consumers busy.</source>
        <translation>Keine Seite hat viel gewartet: Der Puffer hielt Erzeuger wie Verbraucher beschäftigt.</translation>
    </message>
    <message>
        <source>Producers were blocked %1% of the time, consumers %2%: the buffer was often full, so the consumers were the bottleneck.</source>
        <translation>Erzeuger waren %1 % der Zeit blockiert, Verbraucher %2 %: Der Puffer war oft voll, also waren die Verbraucher der Engpass.</translation>
    </message>
    <message>
        <source>Consumers were blocked %1% of the time, producers %2%: the buffer was often empty, so the producers were the bottleneck.</source>
        <translation>Verbraucher waren %1 % der Zeit blockiert, Erzeuger %2 %: Der Puffer war oft leer, also waren die Erzeuger der Engpass.</translation>
    </message>
</context>
<context>
    <name>StudentTableModel</name>
    <message>
        <source>ERROR</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>BESTANDEN</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>DURCHGEFALLEN</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Student ID</source>
        <translation>Matrikelnummer</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Studiengang</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>Kurse</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>BUSY-WAIT</source>
        <translation>AKTIVES WARTEN</translation>
    </message>
    <message>
        <source>SEMAPHORE</source>
        <translation>SEMAPHOR</translation>
    </message>
    <message>
        <source>MUTEX</source>
        <translation>MUTEX</translation>
    </message>
    <message>
        <source>CONDITION</source>
        <translation>BEDINGUNG</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>Thread %1</translation>
    </message>
    <message>
        <source>free</source>
        <extracomment>a mutex nobody holds</extracomment>
        <translation>frei</translation>
    </message>
    <message>
        <source>held by %1</source>
        <translation>gehalten von %1</translation>
    </message>
    <message>
        <source>count %1</source>
        <translation>Zähler %1</translation>
    </message>
    <message>
        <source>Nothing is locked. Threads only busy-wait on a shared count, then read and write the slots whenever they like.</source>
        <translation>Nichts ist gesperrt. Threads warten nur aktiv auf einen gemeinsamen Zähler und lesen und schreiben die Plätze dann, wann es ihnen passt.</translation>
    </message>
    <message>
        <source>This strategy has no synchronization objects.</source>
        <translation>Diese Strategie hat keine Synchronisationsobjekte.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <source>Consumer 8</source>
        <translation>Verbraucher 8</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>gehalten von</translation>
    </message>
    <message>
        <source>no one waiting</source>
        <translation>niemand wartet</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>waiting, in order of arrival</source>
        <translation>warten, in Ankunftsreihenfolge</translation>
    </message>
</context>
<context>
    <name>SyncPanelAccessible</name>
    <message>
        <source>busy-wait count</source>
        <translation>Zähler für aktives Warten</translation>
    </message>
    <message>
        <source>semaphore</source>
        <translation>Semaphor</translation>
    </message>
    <message>
        <source>mutex</source>
        <translation>Mutex</translation>
    </message>
    <message>
        <source>condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <source>no one waiting</source>
        <translation>niemand wartet</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>wartend: %1</translation>
    </message>
    <message>
        <source>part of the deadlock</source>
        <translation>Teil der Verklemmung</translation>
    </message>
    <message>
        <source>Synchronization objects</source>
        <translation>Synchronisationsobjekte</translation>
    </message>
    <message>
        <source>This strategy has no synchronization objects.</source>
        <translation>Diese Strategie hat keine Synchronisationsobjekte.</translation>
    </message>
    <message numerus="yes">
        <source>(%n waiting)</source>
        <translation>
            <numerusform>(%n wartet)</numerusform>
            <numerusform>(%n warten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Strategy %1: %2.</source>
        <translation>Strategie %1: %2.</translation>
    </message>
    <message>
        <source>The objects of the deadlock are marked.</source>
        <translation>Die Objekte der Verklemmung sind markiert.</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
</context>
<context>
    <name>ThreadsPage</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>How fast the threads go: every delay is divided by this. Applies at once, even during a run.</source>
        <translation>Wie schnell die Threads laufen: Jede Verzögerung wird dadurch geteilt. Gilt sofort, auch während eines Laufs.</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> Tempo </translation>
    </message>
    <message>
        <source>Consumer 8</source>
        <translation>Verbraucher 8</translation>
    </message>
    <message>
        <source>Blocked (s)</source>
        <translation>Blockiert (s)</translation>
    </message>
    <message>
        <source>Student ID</source>
        <translation>Matrikelnummer</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Processed students</source>
        <translation>Verarbeitete Studenten</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>What every thread was doing when: one lane per thread</source>
        <translation>Was jeder Thread wann tat: eine Bahn pro Thread</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>How full the buffer was, and how many students were finished per second</source>
        <translation>Wie voll der Puffer war und wie viele Studenten pro Sekunde fertig wurden</translation>
    </message>
    <message>
        <source>Stop any run and clear the buffer, the tables, the log and the statistics</source>
        <translation>Jeden Lauf stoppen und Puffer, Tabellen, Protokoll und Statistik leeren</translation>
    </message>
    <message>
        <source>Buffer (%1)</source>
        <translation>Puffer (%1)</translation>
    </message>
    <message>
        <source>Paused — press Space to resume, or . to take one step</source>
        <translation>Angehalten — Leertaste zum Fortsetzen, oder . für einen Schritt</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>Alle Threads</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>scenario “%1”: </source>
        <translation>Szenario „%1“: </translation>
    </message>
    <message>
        <source>Ready — %1%2, %3, %4 through a buffer of %5 (%6). Press Start or Space.</source>
        <translation>Bereit — %1%2, %3, %4 durch einen Puffer mit %5 Plätzen (%6). „Starten“ oder Leertaste drücken.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln producer(s)</source>
        <translation>
            <numerusform>%Ln Erzeuger</numerusform>
            <numerusform>%Ln Erzeuger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer(s)</source>
        <translation>
            <numerusform>%Ln Verbraucher</numerusform>
            <numerusform>%Ln Verbraucher</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 students consumed</source>
        <translation>%1 von %2 Studenten verbraucht</translation>
    </message>
    <message>
        <source>%1 students/s</source>
        <translation>%1 Studenten/s</translation>
    </message>
    <message>
        <source>Running — %1, %2</source>
        <translation>Läuft — %1, %2</translation>
    </message>
    <message>
        <source>Paused — %1. Press Space to resume, or . to take one step.</source>
        <translation>Angehalten — %1. Leertaste zum Fortsetzen, oder . für einen Schritt.</translation>
    </message>
    <message>
        <source>Finished — %1 in %2 s, %3</source>
        <translation>Beendet — %1 in %2 s, %3</translation>
    </message>
    <message>
        <source>Stopped — %1</source>
        <translation>Gestoppt — %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source> — CHECKER: %1 lost, %2 duplicated</source>
        <translation> — PRÜFER: %1 verloren, %2 doppelt</translation>
    </message>
    <message>
        <source>Not processed yet: the fields are as its producer generated them from the run&apos;s seed (%1).</source>
        <translation>Noch nicht verarbeitet: Die Felder sind so, wie ihr Erzeuger sie aus dem Startwert des Laufs (%1) erzeugt hat.</translation>
    </message>
    <message>
        <source>a consumer</source>
        <translation>ein Verbraucher</translation>
    </message>
    <message>
        <source>As %1 read it back from its XML file.</source>
        <translation>So, wie %1 ihn aus seiner XML-Datei zurückgelesen hat.</translation>
    </message>
    <message>
        <source>Its file could not be read (%1). The fields are as its producer generated them from the run&apos;s seed (%2).</source>
        <translation>Seine Datei konnte nicht gelesen werden (%1). Die Felder sind so, wie ihr Erzeuger sie aus dem Startwert des Laufs (%2) erzeugt hat.</translation>
    </message>
    <message>
        <source>There is no run to save yet: start one first.</source>
        <translation>Es gibt noch keinen Lauf zum Speichern: Starten Sie zuerst einen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 student(s)</source>
        <translation>
            <numerusform>%1 Student</numerusform>
            <numerusform>%1 Studenten</numerusform>
        </translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Double-click a student, or press Enter, to follow the record on its card</source>
        <translation>Doppelklicken Sie auf einen Studenten oder drücken Sie Enter, um den Datensatz auf seiner Karte zu verfolgen</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Each thread&apos;s state, items and time blocked</source>
        <translation>Zustand, Elemente und blockierte Zeit jedes Threads</translation>
    </message>
    <message>
        <source>What every thread did, newest last</source>
        <translation>Was jeder Thread tat, Neuestes zuletzt</translation>
    </message>
    <message>
        <source>Show the log of</source>
        <translation>Protokoll zeigen von</translation>
    </message>
    <message>
        <source>Run details</source>
        <translation>Details des Laufs</translation>
    </message>
    <message>
        <source>What each producer and consumer is doing, and how long it waited</source>
        <translation>Was jeder Erzeuger und Verbraucher gerade tut und wie lange er gewartet hat</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start a new run with these settings</source>
        <translation>Einen neuen Lauf mit diesen Einstellungen starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Pause or resume every thread</source>
        <translation>Alle Threads anhalten oder fortsetzen</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <source>Stop the run: every thread ends, wherever it waits</source>
        <translation>Den Lauf stoppen: Jeder Thread endet, wo auch immer er wartet</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>Schri&amp;tt</translation>
    </message>
    <message>
        <source>While paused: let exactly one insert or remove happen, then pause again</source>
        <translation>Wenn angehalten: genau ein Einfügen oder Entnehmen zulassen, dann wieder anhalten</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Race caught: %1.</source>
        <translation>Wettlaufsituation erkannt: %1.</translation>
    </message>
    <message>
        <source>%1. %2 The run is stopped.</source>
        <translation>%1. %2 Der Lauf wurde gestoppt.</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>student %1</source>
        <translation>Student %1</translation>
    </message>
    <message>
        <source>%1 students, from student %2 to student %3</source>
        <translation>%1 Studenten, von Student %2 bis Student %3</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Keep showing the newest moment (End). Drag the lanes to look back in time; the mouse wheel zooms.</source>
        <translation>Immer den neuesten Moment zeigen (Ende). Ziehen Sie die Bahnen, um zurückzublicken; das Mausrad zoomt.</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>working</source>
        <translation>arbeitet</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>schläft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 short states in %2</source>
        <translation>%1 kurze Zustände in %2</translation>
    </message>
    <message>
        <source>around %1 (zoom in to see each)</source>
        <translation>um %1 (hineinzoomen, um jeden zu sehen)</translation>
    </message>
    <message>
        <source>mostly %1</source>
        <translation>meist %1</translation>
    </message>
    <message>
        <source>%1 short states merged</source>
        <translation>%1 kurze Zustände zusammengefasst</translation>
    </message>
    <message>
        <source>from %1 to %2 (%3)</source>
        <translation>von %1 bis %2 (%3)</translation>
    </message>
    <message>
        <source>since %1, still going (%2 so far)</source>
        <translation>seit %1, dauert noch an (bisher %2)</translation>
    </message>
    <message>
        <source>last %1 s</source>
        <translation>letzte %1 s</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>What each worker did, over time</source>
        <translation>Was jeder Thread im Lauf der Zeit tat</translation>
    </message>
    <message>
        <source>wheel: zoom · drag: look back</source>
        <translation>Rad: zoomen · Ziehen: zurückblicken</translation>
    </message>
    <message>
        <source>End or Follow: back to now</source>
        <translation>Ende oder Folgen: zurück zu jetzt</translation>
    </message>
</context>
<context>
    <name>TimelineViewAccessible</name>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>student %1</source>
        <translation>Student %1</translation>
    </message>
    <message>
        <source>%1 produced</source>
        <translation>%1 erzeugt</translation>
    </message>
    <message>
        <source>%1 consumed</source>
        <translation>%1 verbraucht</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s), from %1 to %2.</source>
        <translation>
            <numerusform>%n Thread, von %1 bis %2.</numerusform>
            <numerusform>%n Threads, von %1 bis %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Follows the run.</source>
        <translation>Folgt dem Lauf.</translation>
    </message>
    <message>
        <source>Looking back: press End to follow the run.</source>
        <translation>Rückblick: Ende drücken, um dem Lauf zu folgen.</translation>
    </message>
</context>
<context>
    <name>ViewHelpers</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>WorkerState</name>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>generating a student</source>
        <translation>erzeugt einen Studenten</translation>
    </message>
    <message>
        <source>writing XML</source>
        <translation>schreibt XML</translation>
    </message>
    <message>
        <source>waiting for a free slot</source>
        <translation>wartet auf einen freien Platz</translation>
    </message>
    <message>
        <source>waiting for the lock</source>
        <translation>wartet auf die Sperre</translation>
    </message>
    <message>
        <source>inserting</source>
        <translation>fügt ein</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>schläft</translation>
    </message>
    <message>
        <source>waiting for an item</source>
        <translation>wartet auf ein Element</translation>
    </message>
    <message>
        <source>removing</source>
        <translation>entnimmt</translation>
    </message>
    <message>
        <source>reading XML</source>
        <translation>liest XML</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
</context>
<context>
    <name>WorkerTableModel</name>
    <message>
        <source>Records inserted into the buffer</source>
        <translation>In den Puffer eingefügte Datensätze</translation>
    </message>
    <message>
        <source>Records removed from the buffer and processed</source>
        <translation>Aus dem Puffer entnommene und verarbeitete Datensätze</translation>
    </message>
    <message>
        <source>Seconds spent waiting for a free slot, an item or the lock</source>
        <translation>Sekunden des Wartens auf einen freien Platz, ein Element oder die Sperre</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Blocked (s)</source>
        <translation>Blockiert (s)</translation>
    </message>
</context>
</TS>
